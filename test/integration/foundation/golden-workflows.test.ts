// Golden: every file in workflows/ validates, and runs against its fixture cases through
// the real trigger URL, with outbound calls landing on a local sink.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../../server/authoring/validate-workflow.ts';
import { redirectUrls } from '../../helpers/redirect-workflow.ts';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const files = readdirSync(path.join(ROOT, 'workflows')).filter(
  (f) => f.endsWith('.json') && !f.endsWith('.schema.json'),
);

type Case = {
  name: string;
  request: { method: string; headers?: Record<string, string>; body: unknown };
  expect: {
    status: string;
    steps: Record<string, string>;
    outputs?: Record<string, unknown>;
    deliveries?: { method: string; path: string; headers?: Record<string, string>; body: unknown }[];
  };
};

describe('golden workflows', () => {
  let sink: Sink;
  let hf: TestHookflow;
  beforeAll(async () => {
    sink = await startSink();
    hf = await startHookflow();
  });
  afterAll(async () => {
    await hf?.close();
    await sink?.close();
  });

  it('ships at least two examples', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  for (const file of files) {
    describe(file, () => {
      const doc = JSON.parse(readFileSync(path.join(ROOT, 'workflows', file), 'utf8'));

      it('validates against the schema and the graph rules', () => {
        const result = validateWorkflow(doc, { timeoutMs: 1000 });
        expect(result.ok ? [] : result.problems).toEqual([]);
        expect(doc.$schema).toBe('./workflow.schema.json');
      });

      const fixturePath = path.join(ROOT, 'test', 'fixtures', 'golden', `${doc.id}.json`);
      const cases: Case[] = JSON.parse(readFileSync(fixturePath, 'utf8')).cases;

      for (const c of cases) {
        it(`runs: ${c.name}`, async () => {
          const created = await hf.api('/api/workflows', { body: redirectUrls(doc, sink.url) });
          if (created.status === 409) {
            await hf.api(`/api/workflows/${doc.id}`, { method: 'PUT', body: redirectUrls(doc, sink.url) });
          } else expect(created.status).toBe(201);
          // The examples ship inactive; going live is an explicit act.
          expect((await hf.api(`/api/workflows/${doc.id}/activate`, { method: 'POST' })).status).toBe(200);
          const { body: wf } = await hf.api(`/api/workflows/${doc.id}`);
          const before = sink.requests.length;
          const res = await fetch(wf.triggerUrl, {
            method: c.request.method,
            headers: { 'content-type': 'application/json', ...c.request.headers },
            body: JSON.stringify(c.request.body),
          });
          expect(res.status).toBe(202);
          const { executionId } = await res.json();
          expect(res.headers.get('location')).toBe(`/api/executions/${executionId}`);
          const exec = await waitForExecution(hf, executionId);
          expect(exec.status).toBe(c.expect.status);
          const byId = Object.fromEntries(exec.steps.map((s: any) => [s.stepId, s]));
          for (const [id, status] of Object.entries(c.expect.steps)) expect(byId[id]?.status, id).toBe(status);
          for (const [id, output] of Object.entries(c.expect.outputs ?? {}))
            expect(byId[id].output).toMatchObject(output as object);
          for (const s of exec.steps.filter((s: any) => s.status === 'succeeded')) {
            expect(s.durationMs).toBeGreaterThanOrEqual(0);
            expect(Date.parse(s.startedAt)).toBeGreaterThan(0);
          }
          const got = sink.requests.slice(before);
          expect(got).toHaveLength(c.expect.deliveries?.length ?? 0);
          for (const [i, d] of (c.expect.deliveries ?? []).entries()) {
            expect(got[i].method).toBe(d.method);
            expect(got[i].url).toBe(d.path);
            expect(got[i].json).toMatchObject(d.body as object);
            for (const [k, v] of Object.entries(d.headers ?? {})) expect(got[i].headers[k]).toBe(v);
            expect(got[i].headers['idempotency-key']).toMatch(new RegExp(`^${executionId}:`));
          }
        });
      }
    });
  }
});
