// `hookflow sync <dir> [--dry-run]`: makes the server match the folder. Files not on the
// server are created, changed ones updated, `active` flags applied, and workflows that are
// on the server but not in the folder are deactivated (never deleted: their history stays).
import type { WorkflowView } from '../../http/api-types.ts';
import type { WorkflowDocument } from '../../workflow/types.ts';
import type { ApiClient } from '../api-client.ts';
import { checkFiles, collectFiles, contentOf, formatProblemsOf } from '../workflow-files.ts';
import type { CommandIo } from './io.ts';

export type PlannedChange =
  | { kind: 'create'; id: string; file: string; document: WorkflowDocument }
  | { kind: 'update'; id: string; file: string; document: WorkflowDocument }
  | { kind: 'activate' | 'deactivate'; id: string; reason: string };

export function planSync(
  files: { file: string; document: WorkflowDocument }[],
  server: WorkflowView[],
): PlannedChange[] {
  const plan: PlannedChange[] = [];
  const onServer = new Map(server.map((w) => [w.id, w]));
  const inFolder = new Set<string>();
  for (const { file, document } of files) {
    inFolder.add(document.id);
    const current = onServer.get(document.id);
    // A file without `active` means active, as on first load.
    const wantActive = document.active ?? true;
    const desired = { ...document, active: wantActive };
    if (!current) plan.push({ kind: 'create', id: document.id, file, document: desired });
    else if (contentOf(current.document) !== contentOf(document)) {
      plan.push({ kind: 'update', id: document.id, file, document: desired });
    } else if (current.active !== wantActive) {
      plan.push({
        kind: wantActive ? 'activate' : 'deactivate',
        id: document.id,
        reason: `active: ${wantActive} in ${file}`,
      });
    }
  }
  for (const w of server) {
    if (!inFolder.has(w.id) && w.active) plan.push({ kind: 'deactivate', id: w.id, reason: 'not in the folder' });
  }
  return plan;
}

const describe = (c: PlannedChange): string => {
  switch (c.kind) {
    case 'create':
      return `+ create     ${c.id} (${c.file})`;
    case 'update':
      return `~ update     ${c.id} (${c.file})`;
    case 'activate':
      return `^ activate   ${c.id} (${c.reason})`;
    case 'deactivate':
      return `- deactivate ${c.id} (${c.reason})`;
  }
};

export async function syncCommand(api: ApiClient, dir: string, dryRun: boolean, io: CommandIo): Promise<number> {
  const checked = await checkFiles(await collectFiles([dir]));
  const bad = checked.filter((c) => !c.ok);
  if (bad.length > 0) {
    for (const c of bad) if (!c.ok) for (const line of formatProblemsOf(c)) io.err(line);
    io.err('nothing synced: fix the files above first');
    return 1;
  }
  const files = checked.flatMap((c) => (c.ok ? [{ file: c.file, document: c.document }] : []));
  const plan = planSync(files, await api.listWorkflows());
  if (plan.length === 0) {
    io.out(`No changes: the server matches ${dir} (${files.length} workflows).`);
    return 0;
  }
  for (const c of plan) io.out(describe(c));
  if (dryRun) {
    io.out(`Dry run: ${plan.length} change(s) planned, nothing applied.`);
    return 0;
  }
  for (const c of plan) {
    switch (c.kind) {
      case 'create':
        await api.createWorkflow(c.document);
        break;
      case 'update':
        await api.updateWorkflow(c.document);
        break;
      case 'activate':
      case 'deactivate':
        await api.setActive(c.id, c.kind === 'activate');
        break;
    }
  }
  io.out(`Applied ${plan.length} change(s).`);
  return 0;
}
