// The credentials screen's API: edits merge onto values nobody can read back ("leave empty
// to keep"), rotation keeps the old secret accepted, and "Test" makes one harmless call —
// SMTP verify against a real SMTP server, "who am I" against local stand-ins — through the
// SSRF guard. Bad input is a 4xx that changes nothing; values never come back.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PREVIOUS_SECRETS } from '../../../server/credentials/credential-edits.ts';
import { startSmtp, type TestSmtp } from '../../helpers/smtp.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';

let hf: TestHookflow | undefined;
let smtp: TestSmtp | undefined;
let api: http.Server | undefined;
afterEach(async () => {
  await hf?.close();
  await smtp?.close();
  await new Promise((r) => (api ? api.close(r) : r(null)));
  hf = smtp = api = undefined;
});

/** A stand-in for Slack's and HubSpot's "who am I" that knows one token. */
async function startWhoAmI(token: string) {
  const seen: { path: string; auth: string | undefined; method: string }[] = [];
  api = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', auth: req.headers.authorization, method: req.method ?? '' });
    const good = req.headers.authorization === `Bearer ${token}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/api/auth.test') {
      res.end(
        JSON.stringify(good ? { ok: true, user: 'hookbot', team: 'Acme' } : { ok: false, error: 'invalid_auth' }),
      );
    } else if (req.url === '/account-info/v3/details') {
      res.statusCode = good ? 200 : 401;
      res.end(
        JSON.stringify(
          good ? { portalId: 4242 } : { status: 'error', message: 'Authentication credentials not found' },
        ),
      );
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((r) => api!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(api.address() as AddressInfo).port}`, seen };
}

const put = (h: TestHookflow, name: string, type: string, data: unknown) =>
  h.api(`/api/credentials/${name}`, { method: 'PUT', body: { type, data } });

describe('editing credentials without reading them back', () => {
  it('PATCH keeps the fields it is not sent, null removes one, and a bad value changes nothing', async () => {
    hf = await startHookflow();
    expect(
      (await put(hf, 'mail', 'smtp', { host: 'a.example', port: 25, username: 'u', password: 'first-pw' })).status,
    ).toBe(201);
    const changed = await hf.api('/api/credentials/mail', { method: 'PATCH', body: { data: { host: 'b.example' } } });
    expect(changed.status).toBe(200);
    expect(JSON.stringify(changed.body)).not.toContain('first-pw');
    expect((await hf.vault.raw('mail'))?.data).toEqual({
      host: 'b.example',
      port: 25,
      username: 'u',
      password: 'first-pw',
    });

    expect(
      (await hf.api('/api/credentials/mail', { method: 'PATCH', body: { data: { username: null, password: null } } }))
        .status,
    ).toBe(200);
    expect((await hf.vault.raw('mail'))?.data).toEqual({ host: 'b.example', port: 25 });

    for (const body of [
      { data: { port: 'many' } },
      { data: { host: null } },
      { data: [1] },
      {},
      { data: { extra: 1 } },
    ]) {
      const r = await hf.api('/api/credentials/mail', { method: 'PATCH', body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'validation_failed', message: expect.any(String) });
      expect(r.body.error.details).toBeInstanceOf(Array);
    }
    expect((await hf.vault.raw('mail'))?.data).toEqual({ host: 'b.example', port: 25 });
    expect((await hf.api('/api/credentials/nope', { method: 'PATCH', body: { data: {} } })).status).toBe(404);
  });

  it('rotation makes the new secret current and keeps a bounded list of old ones accepted', async () => {
    hf = await startHookflow();
    await put(hf, 'sign', 'hmac', { secret: 'secret-0' });
    for (let i = 1; i <= MAX_PREVIOUS_SECRETS + 2; i++) {
      const r = await hf.api('/api/credentials/sign/rotate', { body: { secret: `secret-${i}` } });
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).not.toContain('secret-');
    }
    const last = MAX_PREVIOUS_SECRETS + 2;
    expect((await hf.vault.raw('sign'))?.data).toEqual({
      secret: `secret-${last}`,
      previousSecrets: Array.from({ length: MAX_PREVIOUS_SECRETS }, (_, i) => `secret-${last - 1 - i}`),
    });

    await put(hf, 'key', 'apiKey', { key: 'key-old' });
    expect((await hf.api('/api/credentials/key/rotate', { body: { secret: 'key-new' } })).status).toBe(200);
    expect((await hf.vault.raw('key'))?.data).toMatchObject({ key: 'key-new', keys: ['key-old'] });

    await put(hf, 'token', 'bearer', { token: 'tok' });
    const refused = await hf.api('/api/credentials/token/rotate', { body: { secret: 'x' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('not_rotatable');
    const empty = await hf.api('/api/credentials/key/rotate', { body: { secret: '' } });
    expect(empty.status).toBe(400);
    expect((await hf.vault.raw('key'))?.data).toMatchObject({ key: 'key-new', keys: ['key-old'] });
  });
});

describe('testing a credential', () => {
  it('SMTP: verify against a real server passes with the right password and fails with a wrong one', async () => {
    smtp = await startSmtp({ username: 'mailer', password: 'right-password' });
    hf = await startHookflow();
    const base = { host: '127.0.0.1', port: smtp.port, security: 'none', username: 'mailer' };
    await put(hf, 'good', 'smtp', { ...base, password: 'right-password' });
    await put(hf, 'bad', 'smtp', { ...base, password: 'wrong-password' });
    const good = await hf.api('/api/credentials/good/test', { method: 'POST' });
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ ok: true, message: expect.stringContaining('signed in') });
    const bad = await hf.api('/api/credentials/bad/test', { method: 'POST' });
    expect(bad.status).toBe(200);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.message).not.toContain('wrong-password');
    expect(smtp.mails).toEqual([]);
  });

  it('APIs: "who am I" with the stored token; a refused token is a failed test, not an error', async () => {
    const who = await startWhoAmI('xoxb-good');
    hf = await startHookflow();
    await put(hf, 'slack', 'slack', { botToken: 'xoxb-good', baseUrl: `${who.url}/api` });
    await put(hf, 'slack-old', 'slack', { botToken: 'xoxb-revoked', baseUrl: `${who.url}/api` });
    await put(hf, 'hub', 'hubspot', { accessToken: 'xoxb-good', baseUrl: who.url });
    expect((await hf.api('/api/credentials/slack/test', { method: 'POST' })).body).toEqual({
      ok: true,
      message: 'signed in as hookbot in Acme',
    });
    expect((await hf.api('/api/credentials/slack-old/test', { method: 'POST' })).body).toEqual({
      ok: false,
      message: 'Slack refused the token (invalid_auth)',
    });
    expect((await hf.api('/api/credentials/hub/test', { method: 'POST' })).body.ok).toBe(true);
    expect(who.seen.every((s) => s.method === 'GET')).toBe(true);
  });

  it('goes through the SSRF guard, refuses untestable types, and says which types are testable', async () => {
    const who = await startWhoAmI('t');
    hf = await startHookflow({ SSRF_ALLOW: '' });
    await put(hf, 'slack', 'slack', { botToken: 't', baseUrl: `${who.url}/api` });
    const blocked = await hf.api('/api/credentials/slack/test', { method: 'POST' });
    expect(blocked.body.ok).toBe(false);
    expect(who.seen).toEqual([]);

    await put(hf, 'hook', 'slackWebhook', { url: 'https://hooks.slack.com/services/x' });
    const refused = await hf.api('/api/credentials/hook/test', { method: 'POST' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('not_testable');
    expect((await hf.api('/api/credentials/none/test', { method: 'POST' })).status).toBe(404);

    const types = (await hf.api('/api/credentials/types')).body.items as { type: string; testable: boolean }[];
    expect(
      types
        .filter((t) => t.testable)
        .map((t) => t.type)
        .sort(),
    ).toEqual(['hubspot', 'pipedrive', 'slack', 'smtp']);
  });
});
