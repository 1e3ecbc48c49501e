import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, step } from '../nodes/flow-helpers.ts';
import { expectAuthFailure, expectRetries, runStep } from './saas-cases.ts';
import { type Recorded, type StandIn, startStandIn } from './stand-in.ts';

const TOKEN = '7012345678:AAHk1V2_telegram-test-token-abcdef';

// Bot API: POST /bot<token>/sendMessage → {ok:true,result:Message} | {ok:false,error_code,description}.
function telegram(r: Recorded) {
  if (r.path !== `/bot${TOKEN}/sendMessage`)
    return { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
  if (r.body?.chat_id === 'blocked')
    return { status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } };
  if (!r.body?.text)
    return { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: message text is empty' } };
  return {
    status: 200,
    body: {
      ok: true,
      result: { message_id: 42, date: 1700000000, chat: { id: r.body.chat_id, type: 'group' }, text: r.body.text },
    },
  };
}

describe('telegram.sendMessage against a stand-in of the Bot API', () => {
  let hf: TestHookflow;
  let api: StandIn;
  beforeAll(async () => {
    hf = await startHookflow();
    api = await startStandIn(telegram);
    await putCredential(hf, 'tg', 'telegramBot', { botToken: TOKEN, baseUrl: api.url });
    await putCredential(hf, 'tg-bad', 'telegramBot', { botToken: '7012345678:revoked-token', baseUrl: api.url });
  });
  afterAll(async () => {
    await hf?.close();
    await api?.close();
  });
  const send = { type: 'telegram.sendMessage', credential: 'tg' };

  it('sends the message with its options and returns the message id', async () => {
    api.reset();
    const exec = await runStep(
      hf,
      {
        ...send,
        params: { chatId: -1001234567890, text: '=trigger.body.text', parseMode: 'HTML', disableLinkPreview: true },
      },
      { text: '<b>New order</b>' },
    );
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 's').output).toEqual({ messageId: 42, chatId: -1001234567890, date: 1700000000 });
    expect(api.requests[0].body).toEqual({
      chat_id: -1001234567890,
      text: '<b>New order</b>',
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
    // The token is in the URL path; it is a secret all the same.
    expect(JSON.stringify(exec)).not.toContain(TOKEN);
  });

  it('an invalid token fails at once (401 Unauthorized); a blocked bot (403) too', async () => {
    const exec = await expectAuthFailure(
      hf,
      api,
      { ...send, credential: 'tg-bad', params: { chatId: 1, text: 'x' } },
      'Unauthorized',
    );
    expect(step(exec, 's').error.code).toBe('telegram_401');
    expect(JSON.stringify(exec)).not.toContain('revoked-token');
    await expectAuthFailure(
      hf,
      api,
      { ...send, params: { chatId: 'blocked', text: 'x' } },
      'bot was blocked by the user',
    );
  });

  it('a 429 waits parameters.retry_after (no Retry-After header), a 500 is retried', async () => {
    await expectRetries(
      hf,
      api,
      { ...send, params: { chatId: 1, text: 'x' } },
      {
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: 'Too Many Requests: retry after 2',
          parameters: { retry_after: 2 },
        },
      },
      { status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } },
    );
  });
});
