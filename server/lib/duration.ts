// Durations in workflow files are strings like "250ms", "2s", "5m", "72h", "7d".
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(raw: string | number | undefined, fallbackMs: number): number {
  if (raw === undefined) return fallbackMs;
  if (typeof raw === 'number') return raw;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(raw.trim());
  if (!m) throw new Error(`invalid duration "${raw}" (use e.g. 500ms, 2s, 5m, 1h, 1d)`);
  return Math.round(Number(m[1]) * UNITS[m[2]]);
}

export const DURATION_PATTERN = '^\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)$';
