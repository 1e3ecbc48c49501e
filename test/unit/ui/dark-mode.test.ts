// Dark mode follows `prefers-color-scheme` by redefining the colour variables. Every colour
// variable gets a dark value, and the pairs text is drawn in keep WCAG AA contrast in both
// themes (screenshots in test/e2e/editing-comfort.test.ts show the result).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(path.join(import.meta.dirname, '../../../ui/src/styles.css'), 'utf8');

function variables(block: string): Map<string, string> {
  return new Map([...block.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((match) => [match[1], match[2].trim()]));
}
const light = variables(css.slice(css.indexOf(':root {'), css.indexOf('}', css.indexOf(':root {'))));
const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
const dark = variables(css.slice(darkStart, css.indexOf('}\n}', darkStart)));

function luminance(hex: string): number {
  const value = hex.replace('#', '');
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = Number.parseInt(value.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high + 0.05) / (low + 0.05);
}

// [foreground, background] pairs the UI draws text with.
const PAIRS: Array<[string, string]> = [
  ['--text', '--bg'],
  ['--text', '--panel'],
  ['--muted', '--panel'],
  ['--muted', '--bg'],
  ['--accent', '--panel'],
  ['--accent', '--accent-soft'],
  ['--ok', '--ok-soft'],
  ['--bad', '--bad-soft'],
  ['--warn', '--warn-soft'],
  ['--run', '--run-soft'],
  ['--muted', '--chip-bg'],
  ['--note-text', '--note-bg'],
  ['--text', '--input-bg'],
  ['--on-accent', '--accent'],
  ['--on-accent', '--accent-strong'],
  ['--on-accent', '--bad'],
  ['--syn-string', '--surface-sunken'],
  ['--syn-keyword', '--surface-sunken'],
  ['--syn-function', '--surface-sunken'],
  ['--syn-operator', '--surface-sunken'],
];

describe('dark mode', () => {
  it('gives every colour variable a dark value', () => {
    const colours = [...light].filter(([, value]) => value.startsWith('#')).map(([name]) => name);
    expect(colours.length).toBeGreaterThan(30);
    expect(colours.filter((name) => !dark.has(name))).toEqual([]);
  });

  it.each(['light', 'dark'])('keeps text at AA contrast (4.5:1) in the %s theme', (theme) => {
    const palette = theme === 'light' ? light : dark;
    const weak = PAIRS.map(
      ([fg, bg]) => [fg, bg, contrast(palette.get(fg) as string, palette.get(bg) as string)] as const,
    )
      .filter(([, , ratio]) => ratio < 4.5)
      .map(([fg, bg, ratio]) => `${fg} on ${bg}: ${ratio.toFixed(2)}`);
    expect(weak).toEqual([]);
  });
});
