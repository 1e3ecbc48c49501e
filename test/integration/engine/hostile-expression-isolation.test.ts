// While hostile expressions run (in a step, as a dedupe key, as a static response template),
// the same server keeps answering /healthz and another workflow's trigger quickly. The server
// is a separate process, so a build whose time box is not in force fails these assertions
// cleanly (timed-out probes) instead of hanging the test runner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HookflowProcess, spawnHookflow } from '../../helpers/spawn-hookflow.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

// Backtracking-only (look-ahead, so not the linear engine) and exponential in the input.
const REDOS = "$replace(trigger.body.s, /^(?=a)(a|a)+$/, 'x')";
const PAD = "$length($pad('', 1e8))";
const HOSTILE_BODY = JSON.stringify({ s: `${'a'.repeat(40)}!` });
const PROBE_BOUND_MS = 500;

let hf: HookflowProcess;

function workflow(id: string, trigger: Record<string, unknown>, expression: string) {
  return {
    id,
    name: id,
    trigger: { type: 'webhook', ...trigger },
    steps: [{ id: 'shape', type: 'transform', params: { expression } }],
    edges: [{ from: 'trigger', to: 'shape' }],
  };
}

async function create(doc: unknown): Promise<string> {
  const res = await fetch(`${hf.url}/api/workflows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...hf.auth },
    body: JSON.stringify(doc),
  });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(201);
  // PUBLIC_URL names the configured port (0), not the bound one.
  return `${hf.url}${new URL(body.triggerUrl).pathname}`;
}

async function post(url: string, body = HOSTILE_BODY, timeoutMs = 15_000) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** Probes /healthz and a normal trigger back to back until `work` settles; returns the slowest answers. */
async function probeDuring<T>(work: Promise<T>, normalUrl: string) {
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  const slowest = { healthz: 0, trigger: 0, probes: 0 };
  const timed = async (key: 'healthz' | 'trigger', run: () => Promise<number>) => {
    const started = performance.now();
    // A stalled server answers nothing: the probe aborts (counted as the full wait).
    const status = await run().catch(() => 0);
    slowest[key] = Math.max(slowest[key], status === 0 ? Number.POSITIVE_INFINITY : performance.now() - started);
    return status;
  };
  while (!done) {
    const h = await timed(
      'healthz',
      async () => (await fetch(`${hf.url}/healthz`, { signal: AbortSignal.timeout(3000) })).status,
    );
    const t = await timed('trigger', async () => (await post(normalUrl, '{"id":1}', 3000)).status);
    expect([h, t]).toEqual([200, 202]);
    slowest.probes++;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { result: await settled, slowest };
}

async function waitForFailure(executionId: string) {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${hf.url}/api/executions/${executionId}`, { headers: hf.auth });
    const body = await res.json();
    if (body.status === 'failed' || body.status === 'succeeded') return body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`execution ${executionId} did not finish`);
}

beforeAll(async () => {
  hf = await spawnHookflow({
    DATA_DIR: tempDir().dir,
    WORKFLOWS_DIR: tempDir('hookflow-wf-').dir,
    EXPRESSION_TIMEOUT_MS: '1000',
  });
});

afterAll(async () => {
  await hf?.kill('SIGTERM');
});

describe('hostile expressions cannot stall the server', () => {
  it('a hostile step: /healthz and another trigger answer within 500 ms throughout', { timeout: 60_000 }, async () => {
    const normal = await create(workflow('normal', {}, "{ 'id': trigger.body.id }"));
    const redos = await create(workflow('redos-step', {}, REDOS));
    const pad = await create(workflow('pad-step', {}, PAD));
    const accepted = await Promise.all([post(redos), post(pad), post(redos)]);
    for (const a of accepted) expect(a.status).toBe(202);
    const { result, slowest } = await probeDuring(
      Promise.all(accepted.map((a) => waitForFailure(a.body.executionId))),
      normal,
    );
    expect(slowest.probes).toBeGreaterThan(3);
    expect(slowest.healthz).toBeLessThan(PROBE_BOUND_MS);
    expect(slowest.trigger).toBeLessThan(PROBE_BOUND_MS);
    for (const exec of result) {
      expect(exec.status).toBe('failed');
      expect(['expression_timeout', 'expression_too_large']).toContain(exec.error.code);
    }
    expect(hf.child.exitCode).toBeNull();
  });

  it('a hostile dedupe key and static response template at ingress: the same', { timeout: 60_000 }, async () => {
    const normal = await create(workflow('normal-2', {}, "{ 'id': trigger.body.id }"));
    const dedupe = await create(workflow('redos-dedupe', { dedupe: { key: `=${REDOS}` } }, '1'));
    const template = await create(
      workflow('pad-static', { response: { mode: 'static', status: 200, body: `=${PAD}` } }, '1'),
    );
    const { result, slowest } = await probeDuring(Promise.all([post(dedupe), post(template), post(dedupe)]), normal);
    expect(slowest.probes).toBeGreaterThan(3);
    expect(slowest.healthz).toBeLessThan(PROBE_BOUND_MS);
    expect(slowest.trigger).toBeLessThan(PROBE_BOUND_MS);
    // The dedupe key cannot be computed: accepted without dedupe; the template fails: an empty
    // ack. The second hostile key queues behind the other two for the only sandbox on a small
    // machine: past its wait it is refused as busy (503, nothing committed) rather than held.
    expect(result[0].status).toBe(202);
    expect(result[1].status).toBe(200);
    expect([202, 503]).toContain(result[2].status);
    if (result[2].status === 503) expect(result[2].body.error.code).toBe('expression_busy');
    expect(result[1].body).toBeNull();
    expect(hf.child.exitCode).toBeNull();
  });
});
