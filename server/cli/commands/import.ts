// `hookflow import <files or dirs>`: creates or updates each workflow on the server by id.
// Every file is validated first; nothing is sent when any file is invalid.
import type { ApiClient } from '../api-client.ts';
import { checkFiles, collectFiles, contentOf, formatProblemsOf } from '../workflow-files.ts';
import type { CommandIo } from './io.ts';

export async function importCommand(api: ApiClient, paths: string[], io: CommandIo): Promise<number> {
  const checked = await checkFiles(await collectFiles(paths));
  const bad = checked.filter((c) => !c.ok);
  if (bad.length > 0) {
    for (const c of bad) if (!c.ok) for (const line of formatProblemsOf(c)) io.err(line);
    io.err('nothing imported: fix the files above first');
    return 1;
  }
  for (const c of checked) {
    if (!c.ok) continue;
    const existing = await api.getWorkflow(c.document.id);
    if (!existing) {
      const created = await api.createWorkflow(c.document);
      io.out(`created ${created.id} v${created.version} from ${c.file}`);
    } else if (
      contentOf(existing.document) === contentOf(c.document) &&
      (c.document.active === undefined || c.document.active === existing.active)
    ) {
      io.out(`unchanged ${existing.id} v${existing.version}`);
    } else {
      const updated = await api.updateWorkflow(c.document);
      io.out(`updated ${updated.id} v${updated.version} from ${c.file}`);
    }
  }
  return 0;
}
