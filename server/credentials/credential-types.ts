// The typed credentials and their JSON Schemas. Secret fields are marked `writeOnly`: the
// editor renders them as password inputs, and they are what the redaction net looks for.
import type { ValidateFunction } from 'ajv';
import { ajv } from '../lib/ajv.ts';
import { mysqlCredential } from '../nodes/mysql/credential.ts';
import { natsCredential } from '../nodes/nats/credential.ts';
import { postgresCredential } from '../nodes/postgres/credential.ts';
import { rabbitmqCredential } from '../nodes/rabbitmq/credential.ts';
import { redisCredential } from '../nodes/redis/credential.ts';

export type CredentialTypeName =
  | 'apiKey'
  | 'bearer'
  | 'basic'
  | 'oauth2ClientCredentials'
  | 'smtp'
  | 'hmac'
  | 'hubspot'
  | 'salesforce'
  | 'pipedrive'
  | 'slack'
  | 'slackWebhook'
  | 'postgres'
  | 'mysql'
  | 'redis'
  | 'rabbitmq'
  | 'nats';

export type CredentialTypeDefinition = {
  type: CredentialTypeName;
  title: string;
  description: string;
  schema: Record<string, unknown>;
};

const secret = (title: string, description: string) => ({
  type: 'string',
  minLength: 1,
  writeOnly: true,
  title,
  description,
});
const httpUrl = (title: string, description: string, dflt?: string) => ({
  type: 'string',
  format: 'uri',
  pattern: '^https?://',
  title,
  description,
  ...(dflt ? { default: dflt } : {}),
});
const object = (required: string[], properties: Record<string, unknown>) => ({
  type: 'object',
  required,
  additionalProperties: false,
  properties,
});

export const CREDENTIAL_TYPES: CredentialTypeDefinition[] = [
  {
    type: 'apiKey',
    title: 'API key',
    description:
      'A static key sent in a header or a query parameter. As a trigger header check, it also accepts any of `keys` (rotation).',
    schema: object(['key'], {
      key: secret('Key', 'The API key value.'),
      keys: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        maxItems: 20,
        writeOnly: true,
        title: 'Other accepted keys',
        description:
          'A trigger header check also accepts these (while rotating, or one per sender); outbound calls send Key.',
      },
      placement: {
        type: 'string',
        enum: ['header', 'query'],
        default: 'header',
        title: 'Send in',
        description: 'Header or query parameter.',
      },
      name: {
        type: 'string',
        minLength: 1,
        default: 'X-API-Key',
        title: 'Name',
        description: 'Header or query parameter name.',
      },
    }),
  },
  {
    type: 'bearer',
    title: 'Bearer token',
    description: 'Sent as Authorization: Bearer <token>.',
    schema: object(['token'], { token: secret('Token', 'The bearer token.') }),
  },
  {
    type: 'basic',
    title: 'HTTP Basic',
    description: 'User name and password sent as Authorization: Basic.',
    schema: object(['username', 'password'], {
      username: { type: 'string', minLength: 1, title: 'User name', description: 'The user name.' },
      password: secret('Password', 'The password.'),
    }),
  },
  {
    type: 'oauth2ClientCredentials',
    title: 'OAuth2 client credentials',
    description: 'Fetches an access token from the token URL (cached until it expires, refreshed on 401).',
    schema: object(['tokenUrl', 'clientId', 'clientSecret'], {
      tokenUrl: httpUrl('Token URL', 'The authorization server token endpoint.'),
      clientId: { type: 'string', minLength: 1, title: 'Client id', description: 'The OAuth2 client id.' },
      clientSecret: secret('Client secret', 'The OAuth2 client secret.'),
      scope: { type: 'string', title: 'Scope', description: 'Space-separated scopes, if the server needs them.' },
      audience: { type: 'string', title: 'Audience', description: 'Audience parameter, if the server needs one.' },
      clientAuth: {
        type: 'string',
        enum: ['header', 'body'],
        default: 'header',
        title: 'Client authentication',
        description: 'Send the client id and secret as HTTP Basic (header) or in the form body.',
      },
    }),
  },
  {
    type: 'smtp',
    title: 'SMTP server',
    description: 'Mail server for the e-mail step.',
    schema: object(['host', 'port'], {
      host: { type: 'string', minLength: 1, title: 'Host', description: 'SMTP server host name.' },
      port: {
        type: 'integer',
        minimum: 1,
        maximum: 65535,
        default: 587,
        title: 'Port',
        description: '465 for TLS, 587 for STARTTLS.',
      },
      security: {
        type: 'string',
        enum: ['starttls', 'tls', 'none'],
        default: 'starttls',
        title: 'Security',
        description: 'starttls: upgrade required; tls: TLS from the start; none: plain text (local relays only).',
      },
      username: { type: 'string', title: 'User name', description: 'SMTP AUTH user, if the server needs one.' },
      password: secret('Password', 'SMTP AUTH password.'),
      rejectUnauthorized: {
        type: 'boolean',
        default: true,
        title: 'Verify certificate',
        description: 'Refuse servers whose TLS certificate does not verify.',
      },
    }),
  },
  {
    type: 'hmac',
    title: 'Signing secret',
    description:
      'A shared secret for HMAC signatures (Standard Webhooks: whsec_<base64>). Add the new secret while the old one is still in previousSecrets to rotate.',
    schema: object(['secret'], {
      secret: secret('Secret', 'The current secret, e.g. whsec_...'),
      previousSecrets: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        writeOnly: true,
        title: 'Previous secrets',
        description: 'Also signed with (outbound) or accepted (inbound) during a key rotation.',
      },
    }),
  },
  {
    type: 'hubspot',
    title: 'HubSpot private app',
    description: 'A private app access token.',
    schema: object(['accessToken'], {
      accessToken: secret('Access token', 'Private app access token (pat-...).'),
      baseUrl: httpUrl('API base URL', 'Override for testing.', 'https://api.hubapi.com'),
    }),
  },
  {
    type: 'salesforce',
    title: 'Salesforce connected app',
    description: 'OAuth 2.0 client credentials flow of a connected app.',
    schema: object(['clientId', 'clientSecret'], {
      loginUrl: httpUrl(
        'Login URL',
        'Your My Domain URL, e.g. https://acme.my.salesforce.com.',
        'https://login.salesforce.com',
      ),
      clientId: { type: 'string', minLength: 1, title: 'Consumer key', description: 'The connected app consumer key.' },
      clientSecret: secret('Consumer secret', 'The connected app consumer secret.'),
      apiVersion: {
        type: 'string',
        pattern: '^\\d+\\.\\d$',
        default: '62.0',
        title: 'API version',
        description: 'REST API version, e.g. 62.0.',
      },
    }),
  },
  {
    type: 'pipedrive',
    title: 'Pipedrive API token',
    description: 'A personal API token.',
    schema: object(['apiToken'], {
      apiToken: secret('API token', 'Settings → Personal preferences → API.'),
      baseUrl: httpUrl(
        'API base URL',
        'https://<company>.pipedrive.com, or an override for testing.',
        'https://api.pipedrive.com',
      ),
    }),
  },
  {
    type: 'slack',
    title: 'Slack bot token',
    description: 'A bot token with chat:write.',
    schema: object(['botToken'], {
      botToken: secret('Bot token', 'xoxb-...'),
      baseUrl: httpUrl('API base URL', 'Override for testing.', 'https://slack.com/api'),
    }),
  },
  {
    type: 'slackWebhook',
    title: 'Slack incoming webhook',
    description: 'An incoming-webhook URL; the URL itself is the secret.',
    schema: object(['url'], {
      url: { ...httpUrl('Webhook URL', 'https://hooks.slack.com/services/...'), writeOnly: true },
    }),
  },
  postgresCredential,
  mysqlCredential,
  redisCredential,
  rabbitmqCredential,
  natsCredential,
];

const byType = new Map(CREDENTIAL_TYPES.map((t) => [t.type, t]));
const validators = new Map<string, ValidateFunction>();

export function credentialType(type: string): CredentialTypeDefinition | undefined {
  return byType.get(type as CredentialTypeName);
}

export function credentialValidator(type: CredentialTypeName): ValidateFunction {
  let v = validators.get(type);
  if (!v) {
    v = ajv.compile(byType.get(type)!.schema);
    validators.set(type, v);
  }
  return v;
}

/** Fills schema defaults so nodes can rely on them. */
export function withDefaults(type: CredentialTypeName, data: Record<string, unknown>): Record<string, unknown> {
  const props = (byType.get(type)?.schema.properties ?? {}) as Record<string, { default?: unknown }>;
  const out = { ...data };
  for (const [k, p] of Object.entries(props)) if (out[k] === undefined && p.default !== undefined) out[k] = p.default;
  return out;
}
