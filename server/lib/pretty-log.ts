// Log lines for a person at a terminal: time, level, message, then the fields as key=value.
// pino writes the same JSON it would send to a collector; this only re-renders each line, so
// redaction and serializers apply unchanged. (pino-pretty is not a dependency; this is small.)

const LEVELS: Record<number, { name: string; colour: string }> = {
  10: { name: 'TRACE', colour: '90' },
  20: { name: 'DEBUG', colour: '36' },
  30: { name: 'INFO ', colour: '32' },
  40: { name: 'WARN ', colour: '33' },
  50: { name: 'ERROR', colour: '31' },
  60: { name: 'FATAL', colour: '35' },
};

/** Fields every line carries that say nothing to a reader. */
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service', 'err']);

export function formatLogLine(json: string, colour: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const paint = (code: string, text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  const level = LEVELS[entry.level as number] ?? { name: String(entry.level).padEnd(5), colour: '0' };
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const fields = Object.entries(entry)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${paint('2', `${key}=`)}${typeof value === 'string' ? value : JSON.stringify(value)}`);
  let line = `${paint('2', time)} ${paint(level.colour, level.name)} ${String(entry.msg ?? '')}`;
  if (fields.length > 0) line += ` ${fields.join(' ')}`;
  const err = entry.err as { stack?: string; message?: string } | undefined;
  if (err) line += `\n    ${(err.stack ?? err.message ?? JSON.stringify(err)).split('\n').join('\n    ')}`;
  return `${line}\n`;
}

/** A pino destination that renders each JSON line before writing it. */
export function prettyDestination(out: NodeJS.WritableStream & { isTTY?: boolean }): { write: (line: string) => void } {
  const colour = out.isTTY === true;
  return { write: (line) => out.write(formatLogLine(line, colour)) };
}
