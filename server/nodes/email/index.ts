import { Type } from 'typebox';
import { secret } from '../credential-fields.ts';
import { defineCredential } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
import { stringEnum } from '../params.ts';
import { emailSendNode } from './email-send.ts';
import { createSmtpTransport, type SmtpCredentialData } from './smtp-transport.ts';

/** Also used by failure alerts (alerts/send-alert.ts) through smtp-transport.ts. */
export const smtpCredential = defineCredential({
  type: 'smtp',
  title: 'SMTP server',
  description: 'Mail server for the e-mail step.',
  schema: Type.Object(
    {
      host: Type.String({ minLength: 1, title: 'Host', description: 'SMTP server host name.' }),
      port: Type.Integer({
        minimum: 1,
        maximum: 65535,
        default: 587,
        title: 'Port',
        description: '465 for TLS, 587 for STARTTLS.',
      }),
      security: Type.Optional(
        stringEnum(['starttls', 'tls', 'none'], {
          default: 'starttls',
          title: 'Security',
          description: 'starttls: upgrade required; tls: TLS from the start; none: plain text (local relays only).',
        }),
      ),
      username: Type.Optional(
        Type.String({ title: 'User name', description: 'SMTP AUTH user, if the server needs one.' }),
      ),
      password: Type.Optional(secret('Password', 'SMTP AUTH password.')),
      rejectUnauthorized: Type.Optional(
        Type.Boolean({
          default: true,
          title: 'Verify certificate',
          description: 'Refuse servers whose TLS certificate does not verify.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  async check(data, deps) {
    const transport = await createSmtpTransport(data as SmtpCredentialData, deps.resolveHost);
    try {
      await transport.verify();
      return { ok: true, message: `connected to ${data.host}:${data.port}${data.username ? ' and signed in' : ''}` };
    } finally {
      transport.close();
    }
  },
});

export const emailIntegration = defineIntegration({
  name: 'email',
  credentials: [smtpCredential],
  nodes: [emailSendNode],
});
