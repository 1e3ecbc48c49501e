// The generic HTTP credential types. `apiKey`, `bearer` and `basic` also serve trigger
// header checks (triggers/verify/auth-checks.ts reads `key`/`keys`, `token`).
import { Type } from 'typebox';
import { httpUrl, secret } from '../credential-fields.ts';
import { defineCredential, headerAuth } from '../define-credential.ts';
import { stringEnum } from '../params.ts';
import { basicOf, clientCredentialsAuth } from './oauth2-client-credentials.ts';

export const apiKeyCredential = defineCredential({
  type: 'apiKey',
  title: 'API key',
  description:
    'A static key sent in a header or a query parameter. As a trigger header check, it also accepts any of `keys` (rotation).',
  schema: Type.Object(
    {
      key: secret('Key', 'The API key value.'),
      keys: Type.Optional(
        Type.Array(Type.String({ minLength: 1 }), {
          maxItems: 20,
          writeOnly: true,
          title: 'Other accepted keys',
          description:
            'A trigger header check also accepts these (while rotating, or one per sender); outbound calls send Key.',
        }),
      ),
      placement: Type.Optional(
        stringEnum(['header', 'query'], {
          default: 'header',
          title: 'Send in',
          description: 'Header or query parameter.',
        }),
      ),
      name: Type.Optional(
        Type.String({
          minLength: 1,
          default: 'X-API-Key',
          title: 'Name',
          description: 'Header or query parameter name.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  rotation: { current: 'key', previous: 'keys' },
  async authenticate(d, { url, headers }) {
    const name = d.name ?? 'X-API-Key';
    if (d.placement !== 'query') return headerAuth(headers, name, d.key, url);
    const out = new URL(url);
    out.searchParams.set(name, d.key);
    return { url: out, headers, credential: { headers: [] }, reset: () => false };
  },
});

export const bearerCredential = defineCredential({
  type: 'bearer',
  title: 'Bearer token',
  description: 'Sent as Authorization: Bearer <token>.',
  schema: Type.Object({ token: secret('Token', 'The bearer token.') }, { additionalProperties: false }),
  authenticate: async (d, { url, headers }) => headerAuth(headers, 'authorization', `Bearer ${d.token}`, url),
});

const basicValue = (d: { username: string; password: string }) =>
  Buffer.from(`${d.username}:${d.password}`).toString('base64');

export const basicCredential = defineCredential({
  type: 'basic',
  title: 'HTTP Basic',
  description: 'User name and password sent as Authorization: Basic.',
  schema: Type.Object(
    {
      username: Type.String({ minLength: 1, title: 'User name', description: 'The user name.' }),
      password: secret('Password', 'The password.'),
    },
    { additionalProperties: false },
  ),
  authenticate: async (d, { url, headers }) => headerAuth(headers, 'authorization', `Basic ${basicValue(d)}`, url),
  encodedSecrets: (d) => [basicValue(d)],
});

export const oauth2ClientCredentialsCredential = defineCredential({
  type: 'oauth2ClientCredentials',
  title: 'OAuth2 client credentials',
  description: 'Fetches an access token from the token URL (cached until it expires, refreshed on 401).',
  schema: Type.Object(
    {
      tokenUrl: httpUrl('Token URL', 'The authorization server token endpoint.'),
      clientId: Type.String({ minLength: 1, title: 'Client id', description: 'The OAuth2 client id.' }),
      clientSecret: secret('Client secret', 'The OAuth2 client secret.'),
      scope: Type.Optional(
        Type.String({ title: 'Scope', description: 'Space-separated scopes, if the server needs them.' }),
      ),
      audience: Type.Optional(
        Type.String({ title: 'Audience', description: 'Audience parameter, if the server needs one.' }),
      ),
      clientAuth: Type.Optional(
        stringEnum(['header', 'body'], {
          default: 'header',
          title: 'Client authentication',
          description: 'Send the client id and secret as HTTP Basic (header) or in the form body.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  authenticate: (d, { url, headers, ctx }) => clientCredentialsAuth(d, url, headers, ctx),
  encodedSecrets: (d) => [basicOf(d)],
});
