// Shared steps of the node and engine integration tests: store a credential and a
// workflow through the API, fire its trigger, wait for the outcome.
import { expect } from 'vitest';
import { type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';

export async function putCredential(hf: TestHookflow, name: string, type: string, data: unknown): Promise<void> {
  const res = await hf.api(`/api/credentials/${name}`, { method: 'PUT', body: { type, data } });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
}

/** Saves the workflow and returns its trigger URL. */
export async function createWorkflow(
  hf: TestHookflow,
  doc: { id: string; steps: unknown[]; edges: unknown[]; [k: string]: unknown },
): Promise<string> {
  const res = await hf.api('/api/workflows', {
    body: { name: doc.id, trigger: { type: 'webhook', methods: ['POST'] }, ...doc },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.triggerUrl as string;
}

export async function trigger(triggerUrl: string, body: unknown): Promise<string> {
  const res = await fetch(triggerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { executionId: string }).executionId;
}

export async function runWorkflow(
  hf: TestHookflow,
  doc: Parameters<typeof createWorkflow>[1],
  body: unknown = {},
  timeoutMs = 15_000,
): Promise<any> {
  const url = await createWorkflow(hf, doc);
  return waitForExecution(hf, await trigger(url, body), timeoutMs);
}

export function step(exec: any, key: string): any {
  return exec.steps.find((s: { key: string }) => s.key === key);
}
