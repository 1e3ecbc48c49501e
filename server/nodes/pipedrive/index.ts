import { Type } from 'typebox';
import { httpUrl, secret } from '../credential-fields.ts';
import { defineCredential, headerAuth } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
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
});

export const pipedriveIntegration = defineIntegration({
  name: 'pipedrive',
  credentials: [pipedriveCredential],
  nodes: [pipedriveCreatePersonNode, pipedriveCreateDealNode],
});
