import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, runWorkflow, step } from './flow-helpers.ts';

const SECRET = `whsec_${Buffer.from('a-32-byte-signing-secret-for-tst').toString('base64')}`;
const OLD_SECRET = `whsec_${Buffer.from('the-previous-signing-secret-1234').toString('base64')}`;

describe('webhook.send', () => {
  let hf: TestHookflow;
  let sink: Sink;
  beforeAll(async () => {
    hf = await startHookflow();
    sink = await startSink();
    await putCredential(hf, 'signing', 'hmac', { secret: SECRET, previousSecrets: [OLD_SECRET] });
  });
  afterAll(async () => {
    await hf.close();
    await sink.close();
  });

  const doc = (id: string, path: string) => ({
    id,
    steps: [
      {
        id: 'notify',
        type: 'webhook.send',
        credential: 'signing',
        params: { url: `${sink.url}${path}`, payload: '={ "type": "order.paid", "data": trigger.body }' },
      },
    ],
    edges: [{ from: 'trigger', to: 'notify' }],
  });

  it('signs per Standard Webhooks with every secret of a rotation; the standardwebhooks library verifies both', async () => {
    sink.requests.length = 0;
    sink.reply = () => ({ status: 204, body: '' });
    const exec = await runWorkflow(hf, doc('wh-sign', '/signed'), { id: 7 });
    expect(exec.status).toBe('succeeded');
    const [req] = sink.requests;
    expect(req.headers['webhook-id']).toBe(`${exec.id}:notify`);
    expect(req.json).toEqual({ type: 'order.paid', data: { id: 7 } });
    const headers = {
      'webhook-id': String(req.headers['webhook-id']),
      'webhook-timestamp': String(req.headers['webhook-timestamp']),
      'webhook-signature': String(req.headers['webhook-signature']),
    };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(SECRET).verify(req.body, headers)).toEqual(req.json);
    expect(new Webhook(OLD_SECRET).verify(req.body, headers)).toEqual(req.json);
    const wrong = `whsec_${Buffer.from('some-other-secret-of-32-bytes!!!').toString('base64')}`;
    expect(() => new Webhook(wrong).verify(req.body, headers)).toThrow();
  });

  it('a flaky endpoint (3 × 503 Retry-After: 1) gets exactly 4 calls with the same webhook-id, and the execution succeeds', async () => {
    sink.requests.length = 0;
    const times: number[] = [];
    sink.reply = (_req, i) => {
      times.push(Date.now());
      return i < 3
        ? { status: 503, headers: { 'retry-after': '1' }, body: 'busy' }
        : { status: 200, body: { ok: true } };
    };
    const exec = await runWorkflow(hf, doc('wh-flaky', '/flaky'), { id: 8 }, 25_000);
    expect(exec.status).toBe('succeeded');
    expect(sink.requests).toHaveLength(4);
    const ids = new Set(sink.requests.map((r) => r.headers['webhook-id']));
    expect([...ids]).toEqual([`${exec.id}:notify`]);
    // Retry-After was honoured: at least 1 s between consecutive attempts.
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(950);
    for (const r of sink.requests) {
      expect(new Webhook(SECRET).verify(r.body, r.headers as Record<string, string>)).toEqual({
        type: 'order.paid',
        data: { id: 8 },
      });
    }
    expect(step(exec, 'notify').attempt).toBe(4);
    expect(step(exec, 'notify').output).toMatchObject({ delivered: true, status: 200, attempt: 4 });
  }, 30_000);

  it('410 stops retrying at once; 3xx is not followed', async () => {
    sink.requests.length = 0;
    sink.reply = () => ({ status: 410, body: 'gone' });
    const gone = await runWorkflow(hf, doc('wh-gone', '/gone'));
    expect(gone.status).toBe('failed');
    expect(gone.error).toMatchObject({ code: 'http_410', stepId: 'notify' });
    expect(sink.requests).toHaveLength(1);

    sink.requests.length = 0;
    sink.reply = (req) =>
      req.url === '/moved'
        ? { status: 301, headers: { location: `${sink.url}/elsewhere` }, body: '' }
        : { status: 200 };
    const moved = await runWorkflow(hf, {
      ...doc('wh-moved', '/moved'),
      steps: [{ ...doc('x', '/moved').steps[0], retry: { attempts: 1 } }],
    });
    expect(moved.status).toBe('failed');
    expect(moved.error.message).toContain('redirects are not followed');
    expect(sink.requests.map((r) => r.url)).toEqual(['/moved']);
  });
});
