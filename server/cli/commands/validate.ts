// `hookflow validate <files or dirs>`: schema, node types, graph and expression errors by file
// and JSON pointer. Exit code 1 when any file is invalid.
import { checkFiles, collectFiles, formatProblemsOf } from '../workflow-files.ts';
import type { CommandIo } from './io.ts';

export async function validateCommand(paths: string[], io: CommandIo): Promise<number> {
  if (paths.length === 0) paths = ['workflows'];
  const files = await collectFiles(paths);
  if (files.length === 0) {
    io.err(`no workflow files in ${paths.join(', ')}`);
    return 1;
  }
  let invalid = 0;
  for (const c of await checkFiles(files)) {
    if (c.ok) io.out(`ok ${c.file} (${c.document.id})`);
    else {
      invalid++;
      for (const line of formatProblemsOf(c)) io.err(line);
    }
  }
  io.out(invalid === 0 ? `${files.length} valid` : `${invalid} of ${files.length} invalid`);
  return invalid === 0 ? 0 : 1;
}
