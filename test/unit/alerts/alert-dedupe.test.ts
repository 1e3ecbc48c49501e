import { describe, expect, it } from 'vitest';
import { alertEmail, buildAlertPayload, failureSignature } from '../../../server/alerts/alert-message.ts';
import { validateWorkflow } from '../../../server/authoring/validate-workflow.ts';
import { type AlertSlotState, decideAlertSlot } from '../../../server/store/alert-slot-decision.ts';
import type { ExecutionRow } from '../../../server/store/store.ts';

describe('alert de-duplication decision', () => {
  const W = 1000;
  it('sends the first failure, counts the ones inside the window, and reports them with the next alert', () => {
    let state: AlertSlotState | null = null;
    const step = (now: number) => {
      const { claim, next } = decideAlertSlot(state, now, W);
      state = next;
      return claim;
    };
    expect(step(10_000)).toEqual({ send: true, suppressed: 0, previousAlertAt: null });
    expect(step(10_001)).toEqual({ send: false, suppressed: 1 });
    expect(step(10_500)).toEqual({ send: false, suppressed: 2 });
    // Still inside: the window runs from the last alert, not from the last failure.
    expect(step(10_999)).toEqual({ send: false, suppressed: 3 });
    expect(step(11_000)).toEqual({ send: true, suppressed: 3, previousAlertAt: 10_000 });
    expect(state).toEqual({ lastSentAt: 11_000, suppressed: 0 });
    expect(step(11_200)).toEqual({ send: false, suppressed: 1 });
    expect(step(20_000)).toEqual({ send: true, suppressed: 1, previousAlertAt: 11_000 });
    expect(step(30_000)).toEqual({ send: true, suppressed: 0, previousAlertAt: 20_000 });
  });

  it('treats a clock behind the last alert as inside the window', () => {
    const { claim } = decideAlertSlot({ lastSentAt: 5000, suppressed: 0 }, 4000, W);
    expect(claim).toEqual({ send: false, suppressed: 1 });
  });

  it('groups failures by failed step and error code, not by message', () => {
    expect(failureSignature({ stepId: 'crm', code: 'http_500', message: 'a' })).toBe(
      failureSignature({ stepId: 'crm', code: 'http_500', message: 'b' }),
    );
    expect(failureSignature({ stepId: 'crm', code: 'http_500', message: 'a' })).not.toBe(
      failureSignature({ stepId: 'crm', code: 'http_502', message: 'a' }),
    );
    expect(failureSignature({ message: 'workflow gone' })).toBe('-:-');
  });
});

describe('alert message', () => {
  const exec = {
    id: '01JEXEC',
    workflowId: 'orders',
    workflowVersion: 3,
    startedAt: Date.UTC(2025, 0, 1, 12, 0, 0),
    trigger: {
      method: 'POST',
      path: '/hooks/secret-token',
      headers: { authorization: 'Bearer x' },
      query: { a: '1' },
      body: { id: 7 },
      receivedAt: '',
    },
  } as unknown as ExecutionRow;
  const doc = (includeInput?: boolean) => ({
    id: 'orders',
    name: 'Orders',
    trigger: { type: 'webhook' as const },
    steps: [],
    edges: [],
    settings: { alerts: { channels: [{ type: 'webhook' as const, url: 'http://x.test/' }], includeInput } },
  });
  const failure = (includeInput?: boolean) => ({
    exec,
    document: doc(includeInput),
    error: { stepId: 'crm', code: 'http_500', message: 'CRM answered 500' },
    failedAt: Date.UTC(2025, 0, 1, 12, 0, 1),
  });

  it('names the workflow, execution, link, step, error and the suppressed count; no headers or path', () => {
    const p = buildAlertPayload(
      failure(),
      { send: true, suppressed: 42, previousAlertAt: Date.UTC(2025, 0, 1, 11, 0, 0) },
      { publicUrl: 'https://flows.example/', dedupeWindowMs: 900_000 },
    );
    expect(p.data.execution.url).toBe('https://flows.example/workflows/orders/executions/01JEXEC');
    expect(p.data.suppressed).toEqual({ count: 42, since: '2025-01-01T11:00:00.000Z' });
    expect(p.summary).toBe(
      'Workflow "Orders" failed at step "crm" (http_500): CRM answered 500. And 42 more failures since 2025-01-01T11:00:00.000Z.',
    );
    expect(p.data).not.toHaveProperty('input');
    const all = JSON.stringify(p) + JSON.stringify(alertEmail(p));
    expect(all).not.toContain('secret-token');
    expect(all).not.toContain('Bearer');
    expect(alertEmail(p).subject).toBe('[Hookflow] Orders failed at crm (+42 more)');
  });

  it('adds the trigger body and query only with includeInput', () => {
    const p = buildAlertPayload(
      failure(true),
      { send: true, suppressed: 0, previousAlertAt: null },
      {
        publicUrl: 'http://h',
        dedupeWindowMs: 1,
      },
    );
    expect(p.data.input).toEqual({ body: { id: 7 }, query: { a: '1' } });
    expect(p.data.suppressed).toBeNull();
  });
});

describe('settings.alerts validation', () => {
  const limits = { timeoutMs: 1000 };
  const wf = (alerts: unknown) => ({
    id: 'a',
    name: 'a',
    trigger: { type: 'webhook' },
    steps: [{ id: 's', type: 'transform', params: { expression: '1' } }],
    edges: [{ from: 'trigger', to: 's' }],
    settings: { alerts },
  });
  it('accepts webhook and e-mail channels', () => {
    const r = validateWorkflow(
      wf({
        channels: [
          { type: 'webhook', url: 'https://ops.example/hooks', credential: 'alert-signing' },
          { type: 'email', to: ['ops@example.com'], credential: 'smtp', from: 'Flows <f@example.com>' },
        ],
        dedupeWindow: '15m',
        includeInput: true,
      }),
      limits,
    );
    expect(r.ok).toBe(true);
  });
  it('points at each bad field', () => {
    const r = validateWorkflow(
      wf({
        channels: [
          { type: 'webhook', url: 'ftp://ops.example/x', extra: 1 },
          { type: 'email', to: ['not-an-address'] },
          { type: 'pager' },
        ],
        dedupeWindow: 'soon',
      }),
      limits,
    );
    expect(r.ok).toBe(false);
    const pointers = r.ok ? [] : r.problems.map((p) => p.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining([
        '/settings/alerts/channels/0/url',
        '/settings/alerts/channels/0/extra',
        '/settings/alerts/channels/1/to/0',
        '/settings/alerts/channels/1/credential',
        '/settings/alerts/channels/2/type',
        '/settings/alerts/dedupeWindow',
      ]),
    );
    expect(validateWorkflow(wf({ channels: [] }), limits).ok).toBe(false);
  });
});
