// What viewers see, on the real app: every GET route of the OpenAPI document is called as a
// viewer (session and API key) and its answer grepped for the trigger tokens and, with
// VIEWER_HIDE_PAYLOADS, for a distinctive value sent in the body, query, headers, a file name
// and quoted by a failing step's error message.
import { afterEach, describe, expect, it } from 'vitest';
import { addUser, asSession, login } from '../../helpers/sessions.ts';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';

const MARK = 'zq-distinctive-payload-7731';

let hf: TestHookflow;
afterEach(async () => {
  await hf?.close();
});

const echoDoc = {
  id: 'echo',
  name: 'Echo',
  trigger: { type: 'webhook' },
  steps: [
    {
      id: 'shape',
      type: 'transform',
      params: {
        expression:
          "{'echo': trigger.body.secret, 'q': trigger.query.tag, 'h': trigger.headers.'x-tag', 'url': trigger.path}",
      },
    },
  ],
  edges: [{ from: 'trigger', to: 'shape' }],
};
const failDoc = {
  id: 'refuse',
  name: 'Refuse',
  trigger: { type: 'webhook' },
  steps: [{ id: 'no', type: 'fail', params: { message: "='refused ' & trigger.body.secret & ' at ' & trigger.path" } }],
  edges: [{ from: 'trigger', to: 'no' }],
};

/** Fires both workflows with MARK everywhere a caller can put it, and captures a sample. */
async function fire(h: TestHookflow) {
  const urls: Record<string, string> = {};
  for (const doc of [echoDoc, failDoc]) {
    const r = await h.api('/api/workflows', { body: doc });
    expect(r.status).toBe(201);
    urls[doc.id] = r.body.triggerUrl;
  }
  const send = (url: string) =>
    fetch(`${url}?tag=${MARK}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tag': MARK },
      body: JSON.stringify({ secret: MARK }),
    });
  const ids: string[] = [];
  for (const url of Object.values(urls))
    ids.push(((await (await send(url)).json()) as { executionId: string }).executionId);
  const form = new FormData();
  form.append('note', MARK);
  form.append('upload', new Blob([MARK], { type: 'text/plain' }), `${MARK}.txt`);
  const multipart = await fetch(`${urls.echo}?tag=${MARK}`, { method: 'POST', body: form });
  ids.push(((await multipart.json()) as { executionId: string }).executionId);
  expect((await send(`${urls.echo}/test`)).status).toBe(200);
  const executions = await Promise.all(ids.map((id) => waitForExecution(h, id)));
  expect(executions.map((e) => e.status)).toEqual(['succeeded', 'failed', 'succeeded']);
  const tokens = Object.values(urls).map((u) => u.split('/hooks/')[1]);
  return { ids, tokens };
}

/** Every GET operation of the OpenAPI document with its path parameters filled in. */
async function everyGet(h: TestHookflow, ids: { execution: string; user: string }) {
  const doc = (await h.api('/api/openapi.json', { auth: null })).body as { paths: Record<string, object> };
  const fill: Record<string, string> = { id: '', version: '1', name: 'smtp' };
  const paths: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!('get' in ops)) continue;
    const id = path.startsWith('/api/executions')
      ? ids.execution
      : path.startsWith('/api/auth/users')
        ? ids.user
        : 'echo';
    paths.push(path.replace(/\{(\w+)\}/g, (_, p: string) => (p === 'id' ? id : fill[p])));
  }
  paths.push('/api/executions?workflowId=refuse', '/api/executions?status=failed');
  return paths;
}

describe('what viewers see', () => {
  it('never shows a viewer a trigger token or URL, in any answer', async () => {
    hf = await startHookflow();
    const { ids, tokens } = await fire(hf);
    const vi = await addUser(hf, 'vi@example.com', 'viewer');
    const session = asSession(hf, await login(hf, vi));
    const key = (await hf.api('/api/auth/keys', { body: { name: 'dash', role: 'viewer' } })).body.key as string;
    const paths = await everyGet(hf, { execution: ids[1], user: vi.id });

    // The same answers for an editor carry the tokens: the grep below can fail.
    const asOwner = await Promise.all(paths.map((p) => hf.api(p)));
    expect(JSON.stringify(asOwner.map((r) => r.body))).toContain(tokens[0]);
    expect(JSON.stringify(asOwner.map((r) => r.body))).toContain(tokens[1]);

    for (const call of [session, (p: string) => hf.api(p, { auth: key })]) {
      for (const path of paths) {
        const r = await call(path);
        expect(r.status, path).toBeLessThan(500);
        const text = JSON.stringify(r.body);
        for (const t of tokens) expect(text, `${path} shows a trigger token`).not.toContain(t);
      }
    }
    const wf = await session('/api/workflows/echo');
    expect(wf.body).toMatchObject({ triggerUrl: '[hidden for viewers]', testUrl: '[hidden for viewers]' });
    // Payloads stay visible without VIEWER_HIDE_PAYLOADS; only the token in the path is gone.
    const exec = await session(`/api/executions/${ids[0]}`);
    expect(exec.body.trigger.body).toEqual({ secret: MARK });
    expect(exec.body.trigger.path).toBe('/hooks/[hidden for viewers]');
    // Editors and owners still get the URL they paste into other products.
    expect((await hf.api('/api/workflows/echo')).body.triggerUrl).toContain(tokens[0]);
  });

  it('with VIEWER_HIDE_PAYLOADS, no payload value reaches a viewer anywhere', async () => {
    hf = await startHookflow({ VIEWER_HIDE_PAYLOADS: 'true' });
    const { ids, tokens } = await fire(hf);
    const vi = await addUser(hf, 'vi@example.com', 'viewer');
    const session = asSession(hf, await login(hf, vi));
    const paths = await everyGet(hf, { execution: ids[1], user: vi.id });
    for (const id of ids) paths.push(`/api/executions/${id}`);

    // For an owner, MARK is in the body, query, headers, file name, result and error message.
    const failed = (await hf.api(`/api/executions/${ids[1]}`)).body;
    expect(failed.error.message).toContain(MARK);
    expect(failed.steps[0].error.message).toContain(MARK);
    const echoed = (await hf.api(`/api/executions/${ids[0]}`)).body;
    expect(echoed.trigger.query.tag).toBe(MARK);
    expect(echoed.trigger.headers['x-tag']).toBe(MARK);
    expect(JSON.stringify(echoed.result)).toContain(MARK);
    const upload = (await hf.api(`/api/executions/${ids[2]}`)).body;
    expect(JSON.stringify(upload.trigger.body)).toContain(`${MARK}.txt`);
    expect(JSON.stringify((await hf.api('/api/workflows/echo/samples')).body)).toContain(MARK);

    for (const path of paths) {
      const r = await session(path);
      expect(r.status, path).toBeLessThan(500);
      const text = JSON.stringify(r.body);
      expect(text, `${path} shows payload data to a viewer`).not.toContain(MARK);
      for (const t of tokens) expect(text, `${path} shows a trigger token`).not.toContain(t);
    }
    // What failed stays visible: status, step and error code.
    const seen = (await session(`/api/executions/${ids[1]}`)).body;
    expect(seen).toMatchObject({ status: 'failed', error: { code: 'workflow_failed', stepId: 'no' } });
    expect(seen.error.message).toBe('[hidden for viewers]');
  });
});
