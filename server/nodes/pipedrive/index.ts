import { Type } from 'typebox';
import { httpUrl, secret } from '../credential-fields.ts';
import { defineCredential, headerAuth } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
import { baseUrl } from '../outbound/json-api.ts';
import { getJson } from '../outbound/probe.ts';
import { pipedriveCreateDealNode } from './create-deal.ts';
import { pipedriveCreatePersonNode } from './create-person.ts';

export const pipedriveCredential = defineCredential({
  type: 'pipedrive',
  title: 'Pipedrive API token',
  description: 'A personal API token.',
  schema: Type.Object(
    {
      apiToken: secret('API token', 'Settings → Personal preferences → API.'),
      baseUrl: Type.Optional(
        httpUrl(
          'API base URL',
          'https://<company>.pipedrive.com, or an override for testing.',
          'https://api.pipedrive.com',
        ),
      ),
    },
    { additionalProperties: false },
  ),
  // Also usable by `http.request`; a header keeps the token out of URLs and logs.
  authenticate: async (d, { url, headers }) => headerAuth(headers, 'x-api-token', d.apiToken, url),
  async check(data, deps, signal) {
    const url = `${baseUrl(data, 'baseUrl', 'https://api.pipedrive.com')}/api/v1/users/me`;
    const r = await getJson(deps, url, { 'x-api-token': data.apiToken }, signal);
    const user = (r.body.data ?? {}) as Record<string, unknown>;
    if (r.status === 200 && r.body.success !== false) {
      return { ok: true, message: `signed in as ${String(user.email ?? user.name ?? 'the token owner')}` };
    }
    return { ok: false, message: `Pipedrive answered ${r.status}${r.body.error ? `: ${String(r.body.error)}` : ''}` };
  },
});

export const pipedriveIntegration = defineIntegration({
  name: 'pipedrive',
  credentials: [pipedriveCredential],
  nodes: [pipedriveCreatePersonNode, pipedriveCreateDealNode],
});
