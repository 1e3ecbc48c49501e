// A coloured glyph per family of node, so a canvas can be read at a glance without icon fonts.
const GLYPHS: Array<[RegExp, string, string]> = [
  [/^webhook$/, '⚡', 'trigger'],
  [/^transform/, '{}', 'data'],
  [/^(if|switch|filter)/, '◇', 'logic'],
  [/^(forEach|merge|split)/, '↻', 'flow'],
  [/^(delay|wait)/, '◔', 'flow'],
  [/^http/, '⇄', 'http'],
  [/^webhook\./, '↗', 'http'],
  [/^(email|smtp)/, '✉', 'message'],
  [/^slack/, '#', 'message'],
];

export function NodeIcon({ type, category }: { type: string; category: string | undefined }) {
  const match = GLYPHS.find(([pattern]) => pattern.test(type));
  const glyph = match?.[1] ?? (type[0] ?? '?').toUpperCase();
  const family = match?.[2] ?? (category ?? 'other').toLowerCase();
  return (
    <span className={`node-icon family-${family}`} aria-hidden="true">
      {glyph}
    </span>
  );
}
