// Run by `npm install` (postinstall). It patches a crash in the `postgres` driver, 3.4.9 and
// earlier (porsager/postgres#1154, #1208; fixes proposed in #1176 and #1209, unreleased).
// A small write is buffered behind a setImmediate. If the connection closes first, the
// immediate calls socket.write on a null socket, and the TypeError escapes every caller's
// try/catch and ends the process: a database restart or a dropped connection could take
// Hookflow down (seen once in this project's PostgreSQL outage test).
// The patch does two things:
//  - guard `nextWrite`: a write after the close fails its queries with CONNECTION_CLOSED,
//    which the store already reports as 503;
//  - make both teardown paths forget the cancelled timer: a stale one blocks every later
//    write on the reconnected connection.
// Plain JavaScript, so that any Node.js npm runs it with can do it. Idempotent. If the
// driver's text has changed (a fixed release), it prints why and changes nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MARK = 'hookflow: porsager/postgres#1208';

const REPLACEMENTS = [
  [
    '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
    `  function nextWrite(fn) {\n    if (!socket) { // ${MARK}: the connection closed before this write\n      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n    const x = socket.write(chunk, fn)`,
  ],
  [
    '    clearImmediate(nextWriteTimer)\n    if (socket) {',
    `    clearImmediate(nextWriteTimer)\n    nextWriteTimer = null // ${MARK}\n    if (socket) {`,
  ],
  [
    '    clearImmediate(nextWriteTimer)\n    socket.removeListener',
    `    clearImmediate(nextWriteTimer)\n    nextWriteTimer = null // ${MARK}\n    socket.removeListener`,
  ],
];

/** The patched source; the same text when already patched; null when the driver's text is not the one known. */
export function patchSource(source) {
  if (source.includes(MARK)) return source;
  let out = source;
  for (const [from, to] of REPLACEMENTS) {
    if (out.split(from).length !== 2) return null;
    out = out.replace(from, to);
  }
  return out;
}

function patchInstalled() {
  // The project's own copy (the package's exports hide its package.json from require.resolve).
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', 'postgres');
  for (const variant of ['src', 'cjs/src', 'cf/src']) {
    const file = path.join(root, variant, 'connection.js');
    let source;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      continue; // not installed, or a layout without this variant
    }
    const patched = patchSource(source);
    if (patched === null) {
      process.stderr.write(`hookflow: ${file} is not the text this patch knows; left as it is\n`);
    } else if (patched !== source) {
      writeFileSync(file, patched);
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) patchInstalled();
