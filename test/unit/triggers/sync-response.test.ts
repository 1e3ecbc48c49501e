// The sync reply from a finished execution: a respond step's {status, headers, body} wins
// over the last output; framing headers a workflow might set are dropped.
import { describe, expect, it } from 'vitest';
import { syncResponse } from '../../../server/triggers/respond.ts';

const base = { executionId: '01J', workflowId: 'w', result: { last: true }, error: null };

describe('syncResponse', () => {
  it('uses the respond step output when one ran', () => {
    const r = syncResponse({
      ...base,
      status: 'succeeded',
      response: {
        status: 201,
        headers: { 'Content-Type': 'text/csv', 'content-length': '1', 'x-bad\nheader': 'v', 'x-ok': 'a\r\nb' },
        body: 'a,b',
      },
    });
    expect(r).toEqual({
      status: 201,
      headers: { 'content-type': 'text/csv', 'x-ok': 'a  b', 'x-hookflow-execution-id': '01J' },
      body: 'a,b',
    });
  });

  it('falls back to 200 with the last output, and to a valid status', () => {
    expect(syncResponse({ ...base, status: 'succeeded' })).toMatchObject({ status: 200, body: { last: true } });
    expect(syncResponse({ ...base, status: 'succeeded', response: { status: 42 } })).toMatchObject({ status: 200 });
  });

  it('answers 500 execution_failed for a failure without a response', () => {
    const r = syncResponse({ ...base, status: 'failed', result: null, error: { message: 'x', stepId: 's' } });
    expect(r.status).toBe(500);
    expect(r.body).toMatchObject({ error: { code: 'execution_failed', details: { stepId: 's' } } });
  });
});
