import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { stringEnum } from '../params.ts';
import { NonRetryableError } from '../step-errors.ts';
import { createSmtpTransport, type SmtpCredentialData } from './smtp-transport.ts';

const addresses = (title: string, description: string) =>
  Type.Unsafe<string | string[]>({
    title,
    description,
    anyOf: [
      { type: 'string', minLength: 3 },
      { type: 'array', items: { type: 'string', minLength: 3 }, maxItems: 100 },
    ],
  });

/**
 * Sends one e-mail over SMTP with nodemailer. The server address goes through the SSRF guard.
 * Bodies and attachments are strings from step data: the schema (checked again on the
 * evaluated params) refuses objects, so nodemailer's `{path}` / `{href}` forms cannot reach it.
 */
export const emailSendNode = defineNode({
  type: 'email.send',
  title: 'Send e-mail',
  category: 'Messaging',
  description: 'Send an e-mail through an SMTP server credential: text and/or HTML body, attachments from step data.',
  params: Type.Object(
    {
      from: Type.String({ minLength: 3, title: 'From', description: 'Sender, e.g. "Shop <orders@shop.example>".' }),
      to: addresses('To', 'One address or a list.'),
      cc: Type.Optional(addresses('Cc', 'One address or a list.')),
      bcc: Type.Optional(addresses('Bcc', 'One address or a list.')),
      replyTo: Type.Optional(Type.String({ minLength: 3, title: 'Reply-To', description: 'Where replies go.' })),
      subject: Type.String({ title: 'Subject', description: 'e.g. =“Receipt for order ” & trigger.body.id' }),
      text: Type.Optional(Type.String({ title: 'Text body', description: 'Plain-text body.' })),
      html: Type.Optional(Type.String({ title: 'HTML body', description: 'HTML body.' })),
      attachments: Type.Optional(
        Type.Array(
          Type.Object(
            {
              filename: Type.String({ minLength: 1, title: 'File name', description: 'Shown to the recipient.' }),
              content: Type.String({ title: 'Content', description: 'Text, or base64 with encoding "base64".' }),
              encoding: Type.Optional(
                stringEnum(['utf8', 'base64'], {
                  default: 'utf8',
                  title: 'Encoding',
                  description: 'How content is written.',
                }),
              ),
              contentType: Type.Optional(
                Type.String({
                  title: 'Content type',
                  description: 'e.g. application/pdf; guessed from the name when empty.',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          {
            title: 'Attachments',
            description:
              'Files from step data, e.g. =[{ "filename": "invoice.pdf", "content": steps.pdf.body.base64, "encoding": "base64" }].',
            maxItems: 20,
          },
        ),
      ),
    },
    { additionalProperties: false, anyOf: [{ required: ['text'] }, { required: ['html'] }] },
  ),
  outputs: ['main'],
  credentialTypes: ['smtp'],
  defaultRetry: { attempts: 3, backoff: 'exponential', delay: '5s', maxDelay: '5m', jitter: true },
  async execute(params, ctx) {
    if (!ctx.credentialName) throw new NonRetryableError('email.send needs an smtp credential', 'credential_required');
    const cred = await ctx.services.credential(ctx.credentialName);
    if (cred.type !== 'smtp') {
      throw new NonRetryableError(
        `email.send needs an smtp credential, "${ctx.credentialName}" is ${cred.type}`,
        'credential_type',
      );
    }
    const transport = await createSmtpTransport(cred.data as SmtpCredentialData, ctx.services.resolveHost);
    const aborted = new Promise<never>((_, reject) => {
      ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
    });
    try {
      const info = await Promise.race([
        transport.sendMail({
          from: params.from,
          to: params.to,
          cc: params.cc,
          bcc: params.bcc,
          replyTo: params.replyTo,
          subject: params.subject,
          text: params.text,
          html: params.html,
          attachments: params.attachments?.map((a) => ({
            filename: a.filename,
            content: a.content,
            encoding: a.encoding ?? 'utf8',
            contentType: a.contentType,
          })),
          headers: { 'X-Hookflow-Idempotency-Key': ctx.idempotencyKey },
          disableFileAccess: true,
          disableUrlAccess: true,
        }),
        aborted,
      ]);
      return {
        output: {
          messageId: info.messageId,
          accepted: info.accepted,
          rejected: info.rejected,
          response: info.response,
        },
      };
    } catch (err) {
      throw smtpError(err);
    } finally {
      transport.close();
    }
  },
});

/** 5xx SMTP replies (bad address, auth refused) are permanent; 4xx and network errors are not. */
function smtpError(err: unknown): Error {
  const e = err as { responseCode?: number; code?: string; message?: string };
  if (e.responseCode && e.responseCode >= 500) {
    return new NonRetryableError(`SMTP server refused: ${e.message}`, `smtp_${e.responseCode}`);
  }
  if (e.code === 'EAUTH') return new NonRetryableError(`SMTP authentication failed: ${e.message}`, 'smtp_auth');
  return err instanceof Error ? err : new Error(String(err));
}
