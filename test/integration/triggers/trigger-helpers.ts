// Shared by the trigger integration tests: create a workflow through the API and count
// what the store holds, so every rejection can assert that nothing was created.
import { expect } from 'vitest';
import type { SecretLookup, SecretValue } from '../../../server/triggers/verify/types.ts';
import type { TriggerSpec, WorkflowDocument } from '../../../server/workflow/types.ts';
import type { TestHookflow } from '../../helpers/start-hookflow.ts';

export function workflowDoc(id: string, trigger: Partial<TriggerSpec>, extra: Partial<WorkflowDocument> = {}) {
  return {
    id,
    name: id,
    trigger: { type: 'webhook', ...trigger },
    steps: [{ id: 'echo', type: 'transform', params: { expression: '{ "got": trigger.body }' } }],
    edges: [{ from: 'trigger', to: 'echo' }],
    ...extra,
  };
}

export async function createWorkflow(hf: TestHookflow, doc: unknown): Promise<{ url: string; testUrl: string }> {
  const res = await hf.api('/api/workflows', { body: doc });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { url: res.body.triggerUrl, testUrl: res.body.testUrl };
}

export async function countExecutions(hf: TestHookflow, workflowId: string): Promise<number> {
  const res = await hf.api(`/api/executions?workflowId=${workflowId}&limit=500`);
  expect(res.status).toBe(200);
  return res.body.items.length;
}

/** A real in-memory credential source standing in for the vault (the trigger port). */
export function memorySecrets(initial: Record<string, SecretValue> = {}): SecretLookup & {
  set: (name: string, value: SecretValue) => void;
} {
  const map = new Map(Object.entries(initial));
  const lookup = async (name: string) => map.get(name) ?? null;
  return Object.assign(lookup, { set: (name: string, value: SecretValue) => map.set(name, value) });
}

export async function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
  method = 'POST',
): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: method === 'GET' ? undefined : body,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // keep text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
