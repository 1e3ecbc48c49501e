// Execution search: triggers are stored as JSON text, so a search looks for the text as JSON
// would spell it (a quote as \", a newline as \n), with LIKE's wildcards taken literally.

/** The JSON spelling of `text` (without its quotes), with `\`, `%` and `_` escaped by `\`. */
export function likePattern(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/[\\%_]/g, (c) => `\\${c}`);
}
