import { Type } from 'typebox';
import { httpUrl, secret } from '../credential-fields.ts';
import { defineCredential } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
import { salesforceCreateRecordNode } from './create-record.ts';
import { salesforceUpsertRecordNode } from './upsert-record.ts';

export const salesforceCredential = defineCredential({
  type: 'salesforce',
  title: 'Salesforce connected app',
  description: 'OAuth 2.0 client credentials flow of a connected app.',
  schema: Type.Object(
    {
      loginUrl: Type.Optional(
        httpUrl(
          'Login URL',
          'Your My Domain URL, e.g. https://acme.my.salesforce.com.',
          'https://login.salesforce.com',
        ),
      ),
      clientId: Type.String({
        minLength: 1,
        title: 'Consumer key',
        description: 'The connected app consumer key.',
      }),
      clientSecret: secret('Consumer secret', 'The connected app consumer secret.'),
      apiVersion: Type.Optional(
        Type.String({
          pattern: '^\\d+\\.\\d$',
          default: '62.0',
          title: 'API version',
          description: 'REST API version, e.g. 62.0.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
});

export const salesforceIntegration = defineIntegration({
  name: 'salesforce',
  credentials: [salesforceCredential],
  nodes: [salesforceCreateRecordNode, salesforceUpsertRecordNode],
});
