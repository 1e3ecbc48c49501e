import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { asObject, baseUrl, basicAuth, callJsonApi, requireCredential, SAAS_RETRY } from '../outbound/json-api.ts';
import type { HttpResult } from '../outbound/response.ts';
import { NonRetryableError } from '../step-errors.ts';

/** `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded. */
export const twilioSendSmsNode = defineNode({
  type: 'twilio.sendSms',
  title: 'Twilio: send SMS',
  category: 'Messaging',
  description: 'Send an SMS (or MMS with media URLs) through Twilio.',
  params: Type.Object(
    {
      to: Type.String({ pattern: '^\\+[1-9]\\d{1,14}$', title: 'To', description: 'E.164 number, e.g. +14155550100.' }),
      from: Type.Optional(
        Type.String({ minLength: 1, title: 'From', description: 'A Twilio number (E.164) or alphanumeric sender id.' }),
      ),
      messagingServiceSid: Type.Optional(
        Type.String({
          pattern: '^MG[0-9a-fA-F]{32}$',
          title: 'Messaging service',
          description: 'MG…; used instead of From.',
        }),
      ),
      body: Type.String({
        minLength: 1,
        maxLength: 1600,
        title: 'Body',
        description: 'Message text, up to 1,600 characters.',
      }),
      mediaUrls: Type.Optional(
        Type.Array(Type.String({ format: 'uri' }), {
          maxItems: 10,
          title: 'Media URLs',
          description: 'Public URLs of images for an MMS.',
        }),
      ),
      statusCallback: Type.Optional(
        Type.String({
          format: 'uri',
          title: 'Status callback',
          description: 'URL Twilio posts delivery status to (e.g. a Hookflow trigger).',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  credentialTypes: ['twilio'],
  defaultRetry: SAAS_RETRY,
  async execute(params, ctx) {
    if (!params.from === !params.messagingServiceSid) {
      throw new NonRetryableError('give either From or a messaging service, not both or neither', 'sender_required');
    }
    const cred = await requireCredential(ctx, 'twilio.sendSms', 'twilio');
    const d = cred.data as { accountSid: string; authToken: string; apiKeySid?: string };
    const form = new URLSearchParams({ To: params.to, Body: params.body });
    if (params.from) form.set('From', params.from);
    if (params.messagingServiceSid) form.set('MessagingServiceSid', params.messagingServiceSid);
    for (const u of params.mediaUrls ?? []) form.append('MediaUrl', u);
    if (params.statusCallback) form.set('StatusCallback', params.statusCallback);
    const base = baseUrl(cred.data, 'baseUrl', 'https://api.twilio.com');
    const result = await callJsonApi(ctx, {
      method: 'POST',
      url: `${base}/2010-04-01/Accounts/${encodeURIComponent(d.accountSid)}/Messages.json`,
      headers: { authorization: basicAuth(ctx, d.apiKeySid ?? d.accountSid, d.authToken) },
      form,
      what: 'Twilio send SMS',
      describe: describeTwilio,
    });
    const m = asObject(result.body);
    return { output: { sid: m.sid, status: m.status, to: m.to, from: m.from, numSegments: m.num_segments } };
  },
});

/** `{ "code": 21211, "message": "The 'To' number … is not a valid phone number.", "more_info", "status": 400 }`. */
function describeTwilio(r: HttpResult) {
  const b = asObject(r.body);
  if (typeof b.message !== 'string') return null;
  return { message: b.message, code: b.code !== undefined ? `twilio_${b.code}` : undefined };
}
