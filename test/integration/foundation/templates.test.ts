// The template gallery: every file in workflows/templates/ validates against workflow.schema.json and
// compiles, ships inactive, and its sample request makes every expression that reads the
// trigger produce a value (so the editor's previews show real values the moment it is
// installed). Installing creates an inactive workflow under a free id with the sample stored
// as a captured test request; bad requests change nothing.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import jsonata from 'jsonata';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTemplates, TEMPLATES_DIR } from '../../../server/authoring/templates.ts';
import { validateWorkflow } from '../../../server/authoring/validate-workflow.ts';
import { addUser, asSession, login } from '../../helpers/sessions.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';

const files = readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.sample.json'));
const read = (f: string) => JSON.parse(readFileSync(path.join(TEMPLATES_DIR, f), 'utf8'));

/** Every `=expression` string in a params tree, with its pointer. */
function expressions(value: unknown, pointer: string, out: [string, string][] = []): [string, string][] {
  if (typeof value === 'string' && value.startsWith('=') && !value.startsWith('=='))
    out.push([pointer, value.slice(1)]);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) expressions(v, `${pointer}/${i}`, out);
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) expressions(v, `${pointer}/${k}`, out);
  return out;
}

describe('template files', () => {
  it('at least ten, all loaded, none skipped', async () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    const load = await loadTemplates(TEMPLATES_DIR, { timeoutMs: 1000 });
    expect(load.invalid).toEqual([]);
    expect(load.templates.map((t) => `${t.document.id}.json`).sort()).toEqual([...files].sort());
  });

  for (const file of files) {
    it(`${file}: validates, compiles, is inactive, and its sample feeds every expression`, async () => {
      const doc = read(file);
      const result = validateWorkflow(doc, { timeoutMs: 1000 });
      expect(result.ok ? [] : result.problems).toEqual([]);
      expect(doc.$schema).toBe('../workflow.schema.json');
      expect(doc.active).toBe(false);
      expect(doc.description.length).toBeGreaterThan(20);

      const sample = read(file.replace(/\.json$/, '.sample.json'));
      const scope = {
        trigger: {
          method: 'POST',
          path: '/',
          headers: sample.headers,
          query: {},
          body: sample.body,
          receivedAt: '2026-11-30T09:00:00.000Z',
        },
        steps: {} as Record<string, unknown>,
        execution: { id: '01JTEMPLATETEST', workflowId: doc.id },
      };
      for (const step of doc.steps) {
        if (step.type === 'transform') {
          const output = await jsonata(step.params.expression).evaluate(scope);
          expect(output, `${step.id} output`).toBeTruthy();
          scope.steps[step.id] = output;
          continue;
        }
        for (const [pointer, source] of expressions(step.params, `/steps/${step.id}/params`)) {
          const value = await jsonata(source).evaluate(scope);
          // Outputs of SaaS steps (a contact id) exist only after a real run; whatever reads
          // only the trigger and transforms must have a value on the sample.
          const readsOnlyKnown =
            !/steps\.(\w+)/.test(source) || [...source.matchAll(/steps\.(\w+)/g)].every((m) => m[1] in scope.steps);
          if (readsOnlyKnown) expect(value, `${pointer}: ${source}`).not.toBeUndefined();
        }
      }
    });
  }
});

describe('installing a template', () => {
  let hf: TestHookflow | undefined;
  afterEach(async () => {
    await hf?.close();
    hf = undefined;
  });

  it('creates the workflow inactive under a free id, with the sample as a test request', async () => {
    hf = await startHookflow();
    const list = await hf.api('/api/templates');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBe(files.length);
    const gh = list.body.items.find((t: { id: string }) => t.id === 'github-push-to-slack');
    expect(gh).toMatchObject({ source: 'github', credentials: ['github-webhook', 'slack'] });

    const first = await hf.api('/api/templates/github-push-to-slack/install', { body: {} });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: 'github-push-to-slack', active: false, version: 1 });
    expect(first.body.triggerUrl).toMatch(/\/hooks\//);
    const samples = await hf.api('/api/workflows/github-push-to-slack/samples');
    expect(samples.body.items).toHaveLength(1);
    expect(samples.body.items[0]).toMatchObject({ method: 'POST', body: { ref: 'refs/heads/main' } });

    const second = await hf.api('/api/templates/github-push-to-slack/install', { body: { name: 'Pushes, team B' } });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ id: 'github-push-to-slack-2', name: 'Pushes, team B', active: false });
    expect((await hf.store.listWorkflows()).map((w) => [w.id, w.active])).toEqual([
      ['github-push-to-slack', false],
      ['github-push-to-slack-2', false],
    ]);
  });

  it('refuses an unknown template, a bad body and a viewer, changing nothing', async () => {
    hf = await startHookflow();
    const unknown = await hf.api('/api/templates/nope/install', { body: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'not_found', message: expect.any(String) });
    const bad = await hf.api('/api/templates/github-push-to-slack/install', { body: { name: 42 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ pointer: '/name', message: 'must be a non-empty string' }]);
    const viewer = await login(hf, await addUser(hf, 'v@example.com', 'viewer'));
    const refused = await asSession(hf, viewer)('/api/templates/github-push-to-slack/install', {
      method: 'POST',
      body: {},
    });
    expect(refused.status).toBe(403);
    expect(await hf.store.listWorkflows()).toEqual([]);
  });
});
