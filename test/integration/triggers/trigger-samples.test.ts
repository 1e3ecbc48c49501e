// Test capture: /hooks/:token/test records requests (with the verification outcome) and
// starts nothing; GET /api/workflows/:id/samples lists the newest 20.
import { sign as githubSign } from '@octokit/webhooks-methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { countExecutions, createWorkflow, memorySecrets, post, workflowDoc } from './trigger-helpers.ts';

describe('trigger test capture', () => {
  let hf: TestHookflow;
  beforeAll(async () => {
    hf = await startHookflow({}, { secrets: memorySecrets({ gh: { type: 'hmac', data: { secret: 's' } } }) });
  });
  afterAll(async () => {
    await hf.close();
  });

  it('captures method, headers, query, parsed body and verification; starts no execution', async () => {
    const { testUrl } = await createWorkflow(
      hf,
      workflowDoc('cap', { auth: { type: 'hmac', preset: 'github', credential: 'gh' } }),
    );
    const body = JSON.stringify({ ref: 'main' });
    const good = await post(`${testUrl}?dry=1`, body, {
      'x-hub-signature-256': await githubSign('s', body),
      authorization: 'Bearer secret',
    });
    expect(good.status).toBe(200);
    expect(good.body.sample.verification).toEqual({ ok: true });
    const bad = await post(testUrl, body, { 'x-hub-signature-256': await githubSign('wrong', body) }, 'PUT');
    expect(bad.status).toBe(200);
    expect(bad.body.sample.verification).toMatchObject({ ok: false, code: 'signature_invalid' });
    await post(testUrl, '<a>1</a>', { 'content-type': 'application/xml' });

    const { status, body: list } = await hf.api('/api/workflows/cap/samples');
    expect(status).toBe(200);
    expect(list.items.map((s: { method: string }) => s.method)).toEqual(['POST', 'PUT', 'POST']);
    const [xml, put, first] = list.items;
    expect(xml.body).toEqual({ a: '1' });
    expect(put.verification.code).toBe('signature_invalid');
    expect(first).toMatchObject({ method: 'POST', query: { dry: '1' }, body: { ref: 'main' } });
    expect(first.headers.authorization).toBe('[redacted]');
    expect(await countExecutions(hf, 'cap')).toBe(0);
  });

  it('keeps the newest 20, captures while inactive, and stores unparseable bodies with the error', async () => {
    const { testUrl } = await createWorkflow(hf, { ...workflowDoc('cap-many', {}), active: false });
    for (let i = 0; i < 22; i++) await post(testUrl, JSON.stringify({ i }));
    await post(testUrl, '{"broken":');
    const { body } = await hf.api('/api/workflows/cap-many/samples');
    expect(body.items).toHaveLength(20);
    expect(body.items[0].body.error.code).toBe('invalid_json');
    expect(body.items.slice(1).map((s: { body: { i: number } }) => s.body.i)).toEqual(
      Array.from({ length: 19 }, (_, k) => 21 - k),
    );
    expect(await countExecutions(hf, 'cap-many')).toBe(0);
  });

  it('unknown token → 404 trigger_not_found; unknown workflow samples → 404', async () => {
    const res = await post(`${hf.url}/hooks/nope/test`, '{}');
    expect([res.status, res.body.error.code]).toEqual([404, 'trigger_not_found']);
    const list = await hf.api('/api/workflows/nope/samples');
    expect([list.status, list.body.error.code]).toEqual([404, 'not_found']);
  });
});
