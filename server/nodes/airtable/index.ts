// Airtable Web API v0: a personal access token (or OAuth token) as a Bearer token.
import { Type } from 'typebox';
import { httpUrl, secret } from '../credential-fields.ts';
import { defineCredential } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
import { airtableCreateRecordNode, airtableUpsertRecordNode } from './records.ts';

export const airtableIntegration = defineIntegration({
  name: 'airtable',
  nodes: [airtableCreateRecordNode, airtableUpsertRecordNode],
  credentials: [
    defineCredential({
      type: 'airtable',
      title: 'Airtable token',
      description: 'A personal access token with data.records:write on the base.',
      schema: Type.Object(
        {
          token: secret('Personal access token', 'pat…'),
          baseUrl: Type.Optional(httpUrl('API base URL', 'Override for testing.', 'https://api.airtable.com')),
        },
        { additionalProperties: false },
      ),
    }),
  ],
});
