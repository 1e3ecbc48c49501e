// `hookflow export --all [--out dir]` or `hookflow export <id>...`: writes each workflow to
// `<dir>/<id>.json` in the stable file layout, so re-exporting an unchanged workflow writes
// the same bytes.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type ApiClient, CliError } from '../api-client.ts';
import { fileNameFor, formatWorkflowFile } from '../workflow-files.ts';
import type { CommandIo } from './io.ts';

export async function exportCommand(
  api: ApiClient,
  opts: { ids: string[]; all: boolean; out: string },
  io: CommandIo,
): Promise<number> {
  if (!opts.all && opts.ids.length === 0) throw new CliError('name workflow ids or pass --all', 2);
  const all = await api.listWorkflows();
  const chosen = opts.all ? all : opts.ids.map((id) => all.find((w) => w.id === id) ?? id);
  const missing = chosen.filter((w) => typeof w === 'string');
  if (missing.length > 0) throw new CliError(`no such workflow: ${missing.join(', ')}`);
  await mkdir(opts.out, { recursive: true });
  for (const w of chosen) {
    if (typeof w === 'string') continue;
    const file = path.join(opts.out, fileNameFor(w.id));
    const text = formatWorkflowFile(w.document, w.active);
    const before = await readFile(file, 'utf8').catch(() => null);
    if (before === text) {
      io.out(`unchanged ${file}`);
      continue;
    }
    await writeFile(file, text);
    io.out(`${before === null ? 'wrote' : 'updated'} ${file}`);
  }
  return 0;
}
