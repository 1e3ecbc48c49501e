// The three cases every SaaS integration test covers, against its stand-in: a success, an
// auth failure (non-retryable, saying so), and a rate limit then an outage that are retried.
import { expect } from 'vitest';
import type { TestHookflow } from '../../helpers/start-hookflow.ts';
import { runWorkflow, step } from '../nodes/flow-helpers.ts';
import type { Recorded, Reply, StandIn } from './stand-in.ts';

let counter = 0;

/** Runs a workflow of one step `s` (fed by the trigger) and returns the finished execution. */
export function runStep(hf: TestHookflow, spec: Record<string, unknown>, body: unknown = {}): Promise<any> {
  counter++;
  return runWorkflow(
    hf,
    { id: `saas-${counter}`, steps: [{ id: 's', ...spec }], edges: [{ from: 'trigger', to: 's' }] },
    body,
    30_000,
  );
}

/** A bad credential: one attempt, failed with the provider's words and a pointer to the credential. */
export async function expectAuthFailure(
  hf: TestHookflow,
  api: StandIn,
  spec: Record<string, unknown>,
  providerText: string,
) {
  api.reset();
  const exec = await runStep(hf, spec);
  expect(exec.status).toBe('failed');
  const s = step(exec, 's');
  expect(s.attempt).toBe(1);
  expect(api.requests.length).toBeGreaterThanOrEqual(1);
  expect(s.error.message).toContain(providerText);
  expect(s.error.message).toContain('credential');
  return exec;
}

/**
 * A 429 asking for `retryAfterSeconds`, then a 5xx, then the route's success: three attempts,
 * and the second not before the wait the provider asked for (well above the 1 s backoff).
 */
export async function expectRetries(
  hf: TestHookflow,
  api: StandIn,
  spec: Record<string, unknown>,
  rateLimit: Reply,
  outage: Reply,
  retryAfterSeconds = 2,
  /** The requests of the action itself (not a token exchange before it). */
  only: (r: Recorded) => boolean = () => true,
) {
  api.reset();
  api.inject(rateLimit, outage);
  const exec = await runStep(hf, spec);
  expect(exec.status, JSON.stringify(step(exec, 's')?.error)).toBe('succeeded');
  expect(step(exec, 's').attempt).toBe(3);
  const calls = api.requests.filter(only);
  expect(calls.length).toBeGreaterThanOrEqual(3);
  const gap = calls[1].at - calls[0].at;
  expect(gap).toBeGreaterThanOrEqual(retryAfterSeconds * 1000 - 100);
  // Every attempt carries the same idempotency key.
  const keys = new Set(calls.map((r) => r.headers['idempotency-key']));
  expect(keys.size).toBe(1);
  return exec;
}
