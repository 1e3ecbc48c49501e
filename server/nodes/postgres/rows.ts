// What the PostgreSQL steps share: their output shape.

type Result = readonly unknown[] & { count: number | null; command: string };

export function rowsOut(result: Result, maxRows: number) {
  const rows = result.length > maxRows ? result.slice(0, maxRows) : [...result];
  return {
    rows,
    rowCount: result.count ?? result.length,
    command: result.command,
    truncated: result.length > maxRows,
  };
}
