// Response modes through the real server: sync (result, failure, timeout fallback), static
// (fixed and templated acknowledgements such as Slack's URL verification challenge).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';
import { countExecutions, createWorkflow, post, workflowDoc } from './trigger-helpers.ts';

describe('trigger response modes', () => {
  let hf: TestHookflow;
  let sink: Sink;
  beforeAll(async () => {
    hf = await startHookflow();
    sink = await startSink();
  });
  afterAll(async () => {
    await hf.close();
    await sink.close();
  });

  it('sync: answers 200 with the last step output', async () => {
    const { url } = await createWorkflow(hf, workflowDoc('sync-ok', { response: { mode: 'sync' } }));
    const res = await post(url, JSON.stringify({ q: 'ping' }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ got: { q: 'ping' } });
    const id = res.headers.get('x-hookflow-execution-id');
    expect((await waitForExecution(hf, id as string)).status).toBe('succeeded');
  });

  it('sync: a failed execution → 500 execution_failed naming the step', async () => {
    const doc = workflowDoc('sync-fail', { response: { mode: 'sync' } });
    doc.steps = [{ id: 'echo', type: 'transform', params: { expression: '$error("boom")' } }];
    const { url } = await createWorkflow(hf, doc);
    const res = await post(url, '{}');
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('execution_failed');
    expect(res.body.error.details.stepId).toBe('echo');
  });

  it('sync: a slow execution falls back to 202 + execution id at the timeout', async () => {
    sink.reply = () => ({ status: 200, body: { ok: true }, delayMs: 3000 });
    const doc = workflowDoc('sync-slow', { response: { mode: 'sync', timeout: '200ms' } });
    doc.steps = [{ id: 'echo', type: 'http.request', params: { method: 'POST', url: `${sink.url}/slow` } }];
    const { url } = await createWorkflow(hf, doc);
    const started = Date.now();
    const res = await post(url, '{}');
    expect(Date.now() - started).toBeLessThan(2500);
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('queued');
    expect((await waitForExecution(hf, res.body.executionId)).status).toBe('succeeded');
  });

  it('static: a templated acknowledgement answers Slack URL verification', async () => {
    const { url } = await createWorkflow(
      hf,
      workflowDoc('slack-ack', {
        response: { mode: 'static', status: 200, body: '=trigger.body.challenge', headers: { 'x-ack': 'yes' } },
      }),
    );
    const res = await post(
      url,
      JSON.stringify({ type: 'url_verification', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('x-ack')).toBe('yes');
    expect(await countExecutions(hf, 'slack-ack')).toBe(1);
  });

  it('static: a fixed JSON body and status', async () => {
    const { url } = await createWorkflow(
      hf,
      workflowDoc('static-json', { response: { mode: 'static', status: 201, body: { received: true } } }),
    );
    const res = await post(url, '{}');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ received: true });
  });
});
