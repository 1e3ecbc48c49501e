import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, step } from '../nodes/flow-helpers.ts';
import { expectAuthFailure, expectRetries, runStep } from './saas-cases.ts';
import { type Recorded, type StandIn, startStandIn } from './stand-in.ts';

// Discord's execute-webhook endpoint: POST /api/webhooks/{id}/{token}[?wait=true].
const ID = '1234567890';
const TOKEN = 'dWhkX2Rpc2NvcmRfdG9rZW5fZm9yX3Rlc3Rz';

function discord(r: Recorded) {
  const m = /^\/api\/webhooks\/(\d+)\/([^/]+)$/.exec(r.path);
  if (r.method !== 'POST' || !m) return { status: 404, body: { message: '404: Not Found', code: 0 } };
  if (m[1] !== ID || m[2] !== TOKEN) return { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } };
  const b = r.body ?? {};
  if (!b.content && !(b.embeds?.length > 0)) {
    return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
  }
  if (b.embeds?.some((e: any) => e.title && e.title.length > 256)) {
    return {
      status: 400,
      body: {
        code: 50035,
        message: 'Invalid Form Body',
        errors: {
          embeds: {
            0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' }] } },
          },
        },
      },
    };
  }
  const message = {
    id: '1100000000000000001',
    type: 0,
    channel_id: '987',
    content: b.content ?? '',
    embeds: b.embeds ?? [],
    timestamp: '2025-01-01T00:00:00.000000+00:00',
    webhook_id: ID,
  };
  return r.query.get('wait') === 'true' ? { status: 200, body: message } : { status: 204 };
}

describe('discord.sendMessage against a stand-in of Discord webhooks', () => {
  let hf: TestHookflow;
  let api: StandIn;
  beforeAll(async () => {
    hf = await startHookflow();
    api = await startStandIn(discord);
    await putCredential(hf, 'discord', 'discordWebhook', { url: `${api.url}/api/webhooks/${ID}/${TOKEN}` });
    await putCredential(hf, 'discord-bad', 'discordWebhook', { url: `${api.url}/api/webhooks/${ID}/revoked` });
  });
  afterAll(async () => {
    await hf?.close();
    await api?.close();
  });
  const send = { type: 'discord.sendMessage', credential: 'discord' };

  it('posts content and embeds, waits for the message, pings nobody by default', async () => {
    api.reset();
    const exec = await runStep(
      hf,
      {
        ...send,
        params: {
          content: '="Order " & trigger.body.id',
          embeds: [{ title: 'Total', description: '120 EUR', color: 5814783 }],
          username: 'Shop',
        },
      },
      { id: 'A-1' },
    );
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 's').output).toEqual({
      id: '1100000000000000001',
      channelId: '987',
      timestamp: '2025-01-01T00:00:00.000000+00:00',
    });
    const [r] = api.requests;
    expect(r.query.get('wait')).toBe('true');
    expect(r.body).toEqual({
      content: 'Order A-1',
      embeds: [{ title: 'Total', description: '120 EUR', color: 5814783 }],
      username: 'Shop',
      allowed_mentions: { parse: [] },
    });
    // The webhook token is the secret: it never reaches what is stored.
    expect(JSON.stringify(exec)).not.toContain(TOKEN);
  });

  it('an invalid webhook token fails at once, naming Discord’s error', async () => {
    const exec = await expectAuthFailure(
      hf,
      api,
      { ...send, credential: 'discord-bad', params: { content: 'hi' } },
      'Invalid Webhook Token',
    );
    expect(step(exec, 's').error.code).toBe('discord_50027');
  });

  it('a validation error fails at once with Discord’s field errors', async () => {
    api.reset();
    const exec = await runStep(hf, { ...send, params: { embeds: [{ title: 'x'.repeat(300) }] } });
    expect(exec.status).toBe('failed');
    expect(step(exec, 's')).toMatchObject({ attempt: 1, error: { code: 'discord_50035' } });
    expect(step(exec, 's').error.message).toContain('Must be 256 or fewer in length');
  });

  it('a 429 is retried after Discord’s retry_after, a 502 with backoff', async () => {
    await expectRetries(
      hf,
      api,
      { ...send, params: { content: 'hi' } },
      // Discord sends the wait in the body (seconds, fractional) and as Retry-After.
      {
        status: 429,
        headers: { 'retry-after': '2', 'x-ratelimit-scope': 'user' },
        body: { message: 'You are being rate limited.', retry_after: 2, global: false },
      },
      { status: 502, body: '<html>502 Bad Gateway</html>' },
    );
  });

  it('a 429 with only the body’s retry_after still waits that long', async () => {
    api.reset();
    api.inject({ status: 429, body: { message: 'You are being rate limited.', retry_after: 2.2, global: true } });
    const exec = await runStep(hf, { ...send, params: { content: 'hi' } });
    expect(exec.status).toBe('succeeded');
    expect(api.requests[1].at - api.requests[0].at).toBeGreaterThanOrEqual(2100);
  });
});
