import { Type } from 'typebox';
import { httpUrl, secret } from '../credential-fields.ts';
import { defineCredential, headerAuth } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
import { hubspotCreateDealNode } from './create-deal.ts';
import { hubspotUpsertContactNode } from './upsert-contact.ts';

export const hubspotCredential = defineCredential({
  type: 'hubspot',
  title: 'HubSpot private app',
  description: 'A private app access token.',
  schema: Type.Object(
    {
      accessToken: secret('Access token', 'Private app access token (pat-...).'),
      baseUrl: Type.Optional(httpUrl('API base URL', 'Override for testing.', 'https://api.hubapi.com')),
    },
    { additionalProperties: false },
  ),
  // Also usable by `http.request`, for HubSpot endpoints without their own action.
  authenticate: async (d, { url, headers }) => headerAuth(headers, 'authorization', `Bearer ${d.accessToken}`, url),
});

export const hubspotIntegration = defineIntegration({
  name: 'hubspot',
  credentials: [hubspotCredential],
  nodes: [hubspotUpsertContactNode, hubspotCreateDealNode],
});
