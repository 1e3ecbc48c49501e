// Airtable Web API v0: a personal access token (or OAuth token) as a Bearer token.
import Type from 'typebox';
import { baseUrlField, defineCredential, defineIntegration, secretField } from '../integration.ts';
import { airtableCreateRecordNode, airtableUpsertRecordNode } from './records.ts';

export const airtable = defineIntegration({
  name: 'airtable',
  nodes: [airtableCreateRecordNode, airtableUpsertRecordNode],
  credentials: [
    defineCredential({
      type: 'airtable',
      title: 'Airtable token',
      description: 'A personal access token with data.records:write on the base.',
      fields: Type.Object(
        {
          token: secretField('Personal access token', 'pat…'),
          baseUrl: baseUrlField('https://api.airtable.com', 'Override for testing.'),
        },
        { additionalProperties: false },
      ),
    }),
  ],
});
