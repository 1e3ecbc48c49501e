// Google Sheets API v4 with a service account: a JWT signed RS256 with its private key is
// exchanged for an OAuth2 access token (RFC 7523), then used as a Bearer token.
import Type from 'typebox';
import { baseUrlField, defineCredential, defineIntegration, secretField } from '../integration.ts';
import { googleSheetsAppendRowNode } from './append-row.ts';

export const googleSheets = defineIntegration({
  name: 'google-sheets',
  nodes: [googleSheetsAppendRowNode],
  credentials: [
    defineCredential({
      type: 'googleServiceAccount',
      title: 'Google service account',
      description:
        'client_email and private_key from the service account’s JSON key; share the sheet with that e-mail.',
      fields: Type.Object(
        {
          clientEmail: Type.String({
            format: 'email',
            title: 'Client e-mail',
            description: '…@….iam.gserviceaccount.com',
          }),
          privateKey: secretField('Private key', 'The PEM "-----BEGIN PRIVATE KEY-----…" from the JSON key file.'),
          tokenUrl: Type.Optional(
            Type.String({
              format: 'uri',
              pattern: '^https?://',
              default: 'https://oauth2.googleapis.com/token',
              title: 'Token URL',
              description: 'token_uri from the key file.',
            }),
          ),
          baseUrl: baseUrlField('https://sheets.googleapis.com', 'Override for testing.'),
        },
        { additionalProperties: false },
      ),
    }),
  ],
});
