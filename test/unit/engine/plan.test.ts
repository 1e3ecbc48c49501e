import { describe, expect, it } from 'vitest';
import { compileWorkflow } from '../../../server/engine/compile-workflow.ts';
import { plan } from '../../../server/engine/plan.ts';
import type { StepRecord } from '../../../server/store/store.ts';

const wf = compileWorkflow(
  {
    id: 'w',
    name: 'w',
    trigger: { type: 'webhook' },
    steps: [
      { id: 'a', type: 'transform', params: { expression: '1' } },
      { id: 'gate', type: 'if', params: { condition: '=true' } },
      { id: 'yes', type: 'transform', params: { expression: '1' } },
      { id: 'no', type: 'transform', params: { expression: '1' } },
      { id: 'join', type: 'transform', params: { expression: '1' } },
      { id: 'afterNo', type: 'transform', params: { expression: '1' } },
      { id: 'onError', type: 'transform', params: { expression: '1' } },
    ],
    edges: [
      { from: 'trigger', to: 'a' },
      { from: 'a', to: 'gate' },
      { from: 'gate', to: 'yes', branch: 'true' },
      { from: 'gate', to: 'no', branch: 'false' },
      { from: 'yes', to: 'join' },
      { from: 'no', to: 'join' },
      { from: 'no', to: 'afterNo' },
      { from: 'a', to: 'onError', branch: 'error' },
    ],
  },
  1,
  { timeoutMs: 100 },
).compiled!;

const rec = (key: string, status: StepRecord['status'], branches: string[] | null = null): [string, StepRecord] => [
  key,
  {
    executionId: 'e',
    key,
    stepId: key,
    type: 't',
    status,
    attempt: 1,
    input: null,
    output: null,
    branches,
    error: null,
    wait: null,
    startedAt: 0,
    finishedAt: 0,
  },
];

describe('plan', () => {
  it('starts with the steps the trigger leads to', () => {
    expect(plan(wf, new Map())).toEqual({ ready: ['a'], skip: [] });
  });

  it('skips the error path when the step succeeded, and follows the chosen branch', () => {
    expect(plan(wf, new Map([rec('a', 'succeeded')]))).toEqual({ ready: ['gate'], skip: ['onError'] });
    const afterGate = new Map([rec('a', 'succeeded'), rec('onError', 'skipped'), rec('gate', 'succeeded', ['true'])]);
    expect(plan(wf, afterGate)).toEqual({ ready: ['yes'], skip: ['no'] });
  });

  it('eliminates dead paths downstream and joins when all inputs settled', () => {
    const m = new Map([
      rec('a', 'succeeded'),
      rec('onError', 'skipped'),
      rec('gate', 'succeeded', ['true']),
      rec('yes', 'succeeded'),
      rec('no', 'skipped'),
    ]);
    expect(plan(wf, m)).toEqual({ ready: ['join'], skip: ['afterNo'] });
  });

  it('waits while an input is still waiting for a retry', () => {
    const m = new Map([
      rec('a', 'succeeded'),
      rec('onError', 'skipped'),
      rec('gate', 'succeeded', ['false']),
      rec('yes', 'skipped'),
      rec('no', 'waiting'),
    ]);
    expect(plan(wf, m)).toEqual({ ready: ['no'], skip: [] });
  });

  it('runs the error path after a final failure', () => {
    expect(plan(wf, new Map([rec('a', 'failed')]))).toEqual({ ready: ['onError'], skip: ['gate'] });
  });
});
