// Google Sheets API v4 with a service account: a JWT signed RS256 with its private key is
// exchanged for an OAuth2 access token (RFC 7523), then used as a Bearer token.
import { Type } from 'typebox';
import { httpUrl, secret } from '../credential-fields.ts';
import { defineCredential } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
import { googleSheetsAppendRowNode } from './append-row.ts';

export const googleSheetsIntegration = defineIntegration({
  name: 'google-sheets',
  nodes: [googleSheetsAppendRowNode],
  credentials: [
    defineCredential({
      type: 'googleServiceAccount',
      title: 'Google service account',
      description:
        'client_email and private_key from the service account’s JSON key; share the sheet with that e-mail.',
      schema: Type.Object(
        {
          clientEmail: Type.String({
            format: 'email',
            title: 'Client e-mail',
            description: '…@….iam.gserviceaccount.com',
          }),
          privateKey: secret('Private key', 'The PEM "-----BEGIN PRIVATE KEY-----…" from the JSON key file.'),
          tokenUrl: Type.Optional(
            Type.String({
              format: 'uri',
              pattern: '^https?://',
              default: 'https://oauth2.googleapis.com/token',
              title: 'Token URL',
              description: 'token_uri from the key file.',
            }),
          ),
          baseUrl: Type.Optional(httpUrl('API base URL', 'Override for testing.', 'https://sheets.googleapis.com')),
        },
        { additionalProperties: false },
      ),
    }),
  ],
});
