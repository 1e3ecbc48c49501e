// Trigger problems are reported by JSON pointer when a workflow is validated: the dedupe
// expression, CIDRs, the payload schema and preset options are compiled at that point.
import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../../server/authoring/validate-workflow.ts';

const limits = { timeoutMs: 1000 };
const doc = (trigger: Record<string, unknown>) => ({
  id: 'v',
  name: 'v',
  trigger: { type: 'webhook', ...trigger },
  steps: [{ id: 'a', type: 'transform', params: { expression: '1' } }],
  edges: [{ from: 'trigger', to: 'a' }],
});
const problems = (trigger: Record<string, unknown>) => {
  const r = validateWorkflow(doc(trigger), limits);
  return r.ok ? [] : r.problems;
};

describe('trigger validation', () => {
  it('accepts a fully configured trigger', () => {
    expect(
      problems({
        auth: { type: 'hmac', preset: 'stripe', credential: 'stripe', tolerance: '10m' },
        schema: { type: 'object', required: ['id'] },
        dedupe: { key: '=trigger.body.id', window: '72h' },
        rateLimit: { requests: 10, per: 'second', burst: 50 },
        response: { mode: 'sync', timeout: '5s' },
      }),
    ).toEqual([]);
  });

  it('reports each problem at its pointer', () => {
    expect(problems({ dedupe: { key: '=trigger.body.(' } })[0].pointer).toBe('/trigger/dedupe/key');
    expect(problems({ dedupe: { key: 'plain' } })[0].pointer).toBe('/trigger/dedupe/key');
    expect(problems({ auth: { type: 'ip', allow: ['10.0.0.0/40'] } })[0]).toEqual({
      pointer: '/trigger/auth',
      message: '"10.0.0.0/40" is not an IP address or CIDR range',
    });
    expect(problems({ auth: { type: 'hmac', preset: 'slack', credential: 'c', prefix: 'v0=' } })[0]).toEqual({
      pointer: '/trigger/auth',
      message: 'prefix applies only to the generic preset',
    });
    expect(problems({ schema: { type: 'nonsense' } })[0].pointer).toBe('/trigger/schema');
    expect(problems({ response: { mode: 'static', body: '=trigger.(' } })[0].pointer).toBe('/trigger/response/body');
  });

  it('rejects unknown shapes through the schema', () => {
    const p = problems({
      auth: { type: 'hmac', preset: 'gitlab', credential: 'c' },
      rateLimit: { requests: 0, per: 'day' },
      response: { mode: 'sync', status: 201 },
      dedupe: { enabled: true },
      extra: true,
    });
    const pointers = p.map((x) => x.pointer);
    expect(pointers).toContain('/trigger/auth/preset');
    expect(pointers).toContain('/trigger/rateLimit/requests');
    expect(pointers).toContain('/trigger/rateLimit/per');
    expect(pointers).toContain('/trigger/response/status');
    expect(pointers).toContain('/trigger/extra');
    expect(pointers.some((x) => x.startsWith('/trigger/dedupe'))).toBe(true);
    expect(problems({ auth: { type: 'hmac', preset: 'generic', credential: 'c' } }).map((x) => x.pointer)).toContain(
      '/trigger/auth/header',
    );
  });
});
