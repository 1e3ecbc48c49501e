// Delivers one alert to one channel, bounded by `timeoutMs`. Webhooks go through the
// SSRF-guarded fetch with Standard Webhooks headers (signed when the channel names an hmac
// credential); e-mail goes through the same SMTP transport as the email.send step.
// Throws on any failure; the caller logs and counts it. No retries: alerts are best-effort
// and must never hold up or change the execution.
import type { NodeServices } from '../nodes/define-node.ts';
import { createSmtpTransport, type SmtpCredentialData } from '../nodes/email/smtp-transport.ts';
import { signatureHeader } from '../nodes/outbound/standard-webhooks.ts';
import type { AlertChannel } from '../workflow/types.ts';
import { type AlertPayload, alertEmail } from './alert-message.ts';

export async function sendAlert(
  channel: AlertChannel,
  payload: AlertPayload,
  services: NodeServices,
  timeoutMs: number,
): Promise<void> {
  switch (channel.type) {
    case 'webhook':
      return sendWebhook(channel, payload, services, timeoutMs);
    case 'email':
      return sendEmail(channel, payload, services, timeoutMs);
    default: {
      const never: never = channel;
      throw new Error(`unknown alert channel ${(never as { type: string }).type}`);
    }
  }
}

async function sendWebhook(
  channel: Extract<AlertChannel, { type: 'webhook' }>,
  payload: AlertPayload,
  services: NodeServices,
  timeoutMs: number,
): Promise<void> {
  const body = JSON.stringify(payload);
  // One id per alerted execution: a receiver that sees it twice can drop the copy.
  const id = `alert_${payload.data.execution.id}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = new Headers({
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
  });
  if (channel.credential) {
    const cred = await services.credential(channel.credential);
    if (cred.type !== 'hmac') throw new Error(`alert credential "${channel.credential}" is ${cred.type}, not hmac`);
    const secrets = [cred.data.secret as string, ...((cred.data.previousSecrets as string[] | undefined) ?? [])];
    headers.set('webhook-signature', signatureHeader(secrets, id, timestamp, body));
  }
  const res = await services.fetch(channel.url, {
    method: 'POST',
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.body?.cancel().catch(() => undefined);
  if (res.status < 200 || res.status > 299) throw new Error(`alert receiver answered ${res.status}`);
}

async function sendEmail(
  channel: Extract<AlertChannel, { type: 'email' }>,
  payload: AlertPayload,
  services: NodeServices,
  timeoutMs: number,
): Promise<void> {
  const cred = await services.credential(channel.credential);
  if (cred.type !== 'smtp') throw new Error(`alert credential "${channel.credential}" is ${cred.type}, not smtp`);
  const transport = await createSmtpTransport(cred.data as SmtpCredentialData, services.resolveHost);
  const { subject, text } = alertEmail(payload);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`alert e-mail not sent within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([
      transport.sendMail({
        from: channel.from ?? `Hookflow <hookflow@${new URL(services.config.publicUrl).hostname}>`,
        to: channel.to,
        subject,
        text,
        headers: { 'X-Hookflow-Execution': payload.data.execution.id },
      }),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
    transport.close();
  }
}
