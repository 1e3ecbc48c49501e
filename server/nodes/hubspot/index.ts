import { Type } from 'typebox';
import { httpUrl, secret } from '../credential-fields.ts';
import { defineCredential, headerAuth } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
import { baseUrl } from '../outbound/json-api.ts';
import { getJson } from '../outbound/probe.ts';
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
  async check(data, deps, signal) {
    const url = `${baseUrl(data, 'baseUrl', 'https://api.hubapi.com')}/account-info/v3/details`;
    const r = await getJson(deps, url, { authorization: `Bearer ${data.accessToken}` }, signal);
    if (r.status === 200)
      return { ok: true, message: `HubSpot account ${String(r.body.portalId ?? '')} answered`.trim() };
    return { ok: false, message: `HubSpot answered ${r.status}${r.body.message ? `: ${String(r.body.message)}` : ''}` };
  },
});

export const hubspotIntegration = defineIntegration({
  name: 'hubspot',
  credentials: [hubspotCredential],
  nodes: [hubspotUpsertContactNode, hubspotCreateDealNode],
});
