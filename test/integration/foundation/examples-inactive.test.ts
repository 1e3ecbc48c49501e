// A fresh install exposes no live trigger: the shipped examples say `"active": false`. Files
// a user keeps in git still go live (`"active": true`, or no flag: the schema's default); a
// file's flag applies when the workflow is created or the file changes, and an unchanged
// file keeps what the editor set.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWorkflowFiles } from '../../../server/authoring/load-workflow-files.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const SHIPPED = path.join(import.meta.dirname, '..', '..', '..', 'workflows');
const LIMITS = { timeoutMs: 1000 };
const shippedFiles = readdirSync(SHIPPED).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));

const doc = (id: string, active?: boolean, name = id) => ({
  id,
  name,
  ...(active === undefined ? {} : { active }),
  trigger: { type: 'webhook' },
  steps: [{ id: 'echo', type: 'transform', params: { expression: '{ "got": trigger.body }' } }],
  edges: [{ from: 'trigger', to: 'echo' }],
});

describe('examples are not live on a fresh install', () => {
  let hf: TestHookflow | null = null;
  afterAll(async () => {
    await hf?.close();
  });

  it('every shipped example says "active": false', () => {
    expect(shippedFiles.length).toBeGreaterThanOrEqual(2);
    for (const f of shippedFiles)
      expect([f, JSON.parse(readFileSync(path.join(SHIPPED, f), 'utf8')).active]).toEqual([f, false]);
  });

  it('a fresh start with the shipped workflows/ has no active trigger', async () => {
    hf = await startHookflow({ WORKFLOWS_DIR: SHIPPED });
    const list = await hf.api('/api/workflows');
    expect(list.body.items.map((w: { id: string }) => w.id).sort()).toEqual(
      shippedFiles.map((f) => JSON.parse(readFileSync(path.join(SHIPPED, f), 'utf8')).id).sort(),
    );
    for (const w of list.body.items) {
      expect([w.id, w.active]).toEqual([w.id, false]);
      const res = await fetch(w.triggerUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect([w.id, res.status]).toEqual([w.id, 404]);
    }
    const executions = await hf.api('/api/executions');
    expect(executions.body.items).toEqual([]);
  });
});

describe('workflow files and the active flag', () => {
  const dir = tempDir('hookflow-wf-');
  const data = tempDir();
  afterAll(() => {
    dir.cleanup();
    data.cleanup();
  });
  const write = (id: string, body: object) => writeFileSync(path.join(dir.dir, `${id}.json`), JSON.stringify(body));

  it('creates files with their flag; applies it again only when the file changes, not on every start', async () => {
    write('mine-live', doc('mine-live', true));
    write('mine-off', doc('mine-off', false));
    write('mine-unsaid', doc('mine-unsaid'));
    const store = await createSqliteStore({ dataDir: data.dir });
    try {
      await loadWorkflowFiles(dir.dir, store, LIMITS);
      const active = async (id: string) => (await store.getWorkflow(id))?.active;
      expect([await active('mine-live'), await active('mine-off'), await active('mine-unsaid')]).toEqual([
        true,
        false,
        true,
      ]);

      // The editor activates one and deactivates others; an unchanged file does not undo it.
      await store.setActive('mine-off', true);
      await store.setActive('mine-live', false);
      await store.setActive('mine-unsaid', false);
      const unchanged = await loadWorkflowFiles(dir.dir, store, LIMITS);
      expect(unchanged.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
      expect([await active('mine-live'), await active('mine-off'), await active('mine-unsaid')]).toEqual([
        false,
        true,
        false,
      ]);

      // A changed file's explicit flag wins; a changed file without one keeps the stored flag.
      write('mine-live', doc('mine-live', true, 'Mine, live, renamed'));
      write('mine-off', doc('mine-off', false, 'Mine, off, renamed'));
      await store.setActive('mine-unsaid', true);
      write('mine-unsaid', doc('mine-unsaid', undefined, 'Mine, unsaid, renamed'));
      const reports = await loadWorkflowFiles(dir.dir, store, LIMITS);
      expect(reports.map((r) => r.status)).toEqual(['updated', 'updated', 'updated']);
      expect([await active('mine-live'), await active('mine-off'), await active('mine-unsaid')]).toEqual([
        true,
        false,
        true,
      ]);
    } finally {
      await store.close();
    }
  });
});
