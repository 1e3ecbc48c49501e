// /metrics after a mix of accepted, failed and rejected trigger requests: the counters say
// exactly what happened.
import { afterEach, describe, expect, it } from 'vitest';
import { sampleValue } from '../../helpers/prometheus.ts';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';
import { memorySecrets } from '../triggers/trigger-helpers.ts';

let hf: TestHookflow;
let sink: Sink;
afterEach(async () => {
  await hf?.close();
  await sink?.close();
});

const forwardTo = (id: string, url: string, retry?: object) => ({
  id,
  name: id,
  trigger: { type: 'webhook', methods: ['POST'] },
  steps: [
    { id: 'shape', type: 'transform', params: { expression: '{ "n": trigger.body.n }' } },
    {
      id: 'send',
      type: 'http.request',
      params: { method: 'POST', url, body: '=steps.shape' },
      ...(retry ? { retry } : {}),
    },
  ],
  edges: [
    { from: 'trigger', to: 'shape' },
    { from: 'shape', to: 'send' },
  ],
});

describe('/metrics', () => {
  it('counts ingress by status, executions by outcome, step durations by node type, retries and the queue', async () => {
    sink = await startSink();
    sink.reply = (req) => (req.url === '/fail' ? { status: 500, body: { no: true } } : { status: 200 });
    hf = await startHookflow({ BODY_LIMIT: '1kb', SSRF_ALLOW: '127.0.0.1' });
    const ok = await hf.api('/api/workflows', { body: forwardTo('ok', `${sink.url}/ok`) });
    const bad = await hf.api('/api/workflows', {
      body: forwardTo('bad', `${sink.url}/fail`, { attempts: 2, backoff: 'fixed', delay: '10ms' }),
    });
    expect([ok.status, bad.status]).toEqual([201, 201]);
    const post = (url: string, body: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

    const accepted: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await post(ok.body.triggerUrl, JSON.stringify({ n: i }));
      expect(r.status).toBe(202);
      accepted.push(((await r.json()) as { executionId: string }).executionId);
    }
    const failing = await post(bad.body.triggerUrl, '{"n":9}');
    expect(failing.status).toBe(202);
    accepted.push(((await failing.json()) as { executionId: string }).executionId);
    // Rejected: unknown token, wrong method, body too large, malformed JSON.
    expect((await post(`${hf.url}/hooks/not-a-token`, '{}')).status).toBe(404);
    expect((await fetch(ok.body.triggerUrl, { method: 'GET' })).status).toBe(405);
    expect((await post(ok.body.triggerUrl, JSON.stringify({ pad: 'x'.repeat(4096) }))).status).toBe(413);
    expect((await post(ok.body.triggerUrl, '{oops')).status).toBe(400);

    const finals = await Promise.all(accepted.map((id) => waitForExecution(hf, id)));
    expect(finals.map((e) => e.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'failed']);

    const res = await fetch(`${hf.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const v = (name: string, labels: Record<string, string> = {}) => sampleValue(text, name, labels);
    expect(v('hookflow_ingress_requests_total', { status: '202' })).toBe(4);
    expect(v('hookflow_ingress_requests_total', { status: '404' })).toBe(1);
    expect(v('hookflow_ingress_requests_total', { status: '405' })).toBe(1);
    expect(v('hookflow_ingress_requests_total', { status: '413' })).toBe(1);
    expect(v('hookflow_ingress_requests_total', { status: '400' })).toBe(1);
    expect(v('hookflow_executions_total', { outcome: 'succeeded' })).toBe(3);
    expect(v('hookflow_executions_total', { outcome: 'failed' })).toBe(1);
    // 3 successful sends, 1 failed attempt that was retried, 1 final failure.
    expect(v('hookflow_step_duration_seconds_count', { node_type: 'http.request', status: 'succeeded' })).toBe(3);
    expect(v('hookflow_step_duration_seconds_count', { node_type: 'http.request', status: 'waiting' })).toBe(1);
    expect(v('hookflow_step_duration_seconds_count', { node_type: 'http.request', status: 'failed' })).toBe(1);
    expect(v('hookflow_step_duration_seconds_count', { node_type: 'transform', status: 'succeeded' })).toBe(4);
    expect(
      v('hookflow_step_duration_seconds_bucket', { node_type: 'transform', status: 'succeeded', le: '+Inf' }),
    ).toBe(4);
    expect(v('hookflow_step_retries_total', { node_type: 'http.request' })).toBe(1);
    expect(v('hookflow_queue_jobs', { state: 'waiting' })).toBe(0);
    expect(v('hookflow_queue_jobs', { state: 'active' })).toBe(0);
    expect(v('hookflow_queue_oldest_waiting_seconds')).toBe(0);
    expect(text).toContain('# TYPE hookflow_verification_failures_total counter');
    expect(v('hookflow_process_resident_memory_bytes')).toBeGreaterThan(0);
    // The management API is not ingress.
    expect(text).not.toMatch(/hookflow_ingress_requests_total\{status="201"\}/);
  });

  it('requires the bearer token when METRICS_TOKEN is set', async () => {
    hf = await startHookflow({ METRICS_TOKEN: 'scrape-secret-123' });
    const none = await fetch(`${hf.url}/metrics`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    const wrong = await fetch(`${hf.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${hf.url}/metrics`, { headers: { authorization: 'Bearer scrape-secret-123' } });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('hookflow_ingress_requests_total');
  });

  it('counts verification failures by the reason the trigger refused', async () => {
    hf = await startHookflow({}, { secrets: memorySecrets({ key: { type: 'header', data: { key: 's3cret' } } }) });
    const guarded = await hf.api('/api/workflows', {
      body: {
        ...forwardTo('guarded', 'http://127.0.0.1:9/unused'),
        steps: [{ id: 'shape', type: 'transform', params: { expression: '{ "n": trigger.body.n }' } }],
        edges: [{ from: 'trigger', to: 'shape' }],
        trigger: { type: 'webhook', methods: ['POST'], auth: { type: 'header', header: 'x-token', credential: 'key' } },
      },
    });
    const fenced = await hf.api('/api/workflows', {
      body: {
        ...forwardTo('fenced', 'http://127.0.0.1:9/unused'),
        steps: [{ id: 'shape', type: 'transform', params: { expression: '{ "n": 1 }' } }],
        edges: [{ from: 'trigger', to: 'shape' }],
        trigger: { type: 'webhook', methods: ['POST'], auth: { type: 'ip', allow: ['10.1.2.3'] } },
      },
    });
    expect([guarded.status, fenced.status]).toEqual([201, 201]);
    const send = (url: string, headers: Record<string, string> = {}) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"n":1}' });
    expect((await send(guarded.body.triggerUrl)).status).toBe(401);
    expect((await send(guarded.body.triggerUrl, { 'x-token': 'wrong' })).status).toBe(401);
    expect((await send(guarded.body.triggerUrl, { 'x-token': 'wrong-again' })).status).toBe(401);
    expect((await send(guarded.body.triggerUrl, { 'x-token': 's3cret' })).status).toBe(202);
    expect((await send(fenced.body.triggerUrl)).status).toBe(403);
    const text = await (await fetch(`${hf.url}/metrics`)).text();
    const v = (name: string, labels: Record<string, string>) => sampleValue(text, name, labels);
    expect(v('hookflow_verification_failures_total', { reason: 'auth_missing' })).toBe(1);
    expect(v('hookflow_verification_failures_total', { reason: 'auth_invalid' })).toBe(2);
    expect(v('hookflow_verification_failures_total', { reason: 'ip_forbidden' })).toBe(1);
    expect(v('hookflow_ingress_requests_total', { status: '401' })).toBe(3);
    expect(v('hookflow_ingress_requests_total', { status: '403' })).toBe(1);
    expect(v('hookflow_ingress_requests_total', { status: '202' })).toBe(1);
  });
});
