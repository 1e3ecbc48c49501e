import { hubspotPost } from './crm/hubspot-api.ts';
import { defineNode } from './define-node.ts';
import { SAAS_RETRY } from './http/json-api.ts';

type Params = { email: string; properties?: Record<string, unknown> };

/** Creates or updates a contact by e-mail: `POST /crm/v3/objects/contacts/batch/upsert` with idProperty email. */
export const hubspotUpsertContactNode = defineNode<Params>({
  type: 'hubspot.upsertContact',
  title: 'HubSpot: create or update contact',
  category: 'CRM',
  description: 'Create a HubSpot contact, or update the one with this e-mail address.',
  params: {
    type: 'object',
    required: ['email'],
    additionalProperties: false,
    properties: {
      email: {
        type: 'string',
        format: 'email',
        title: 'E-mail',
        description: 'Identifies the contact, e.g. =steps.shape.email.',
      },
      properties: {
        type: 'object',
        title: 'Properties',
        description: 'Contact properties by internal name, e.g. { "firstname": "Ada", "lifecyclestage": "customer" }.',
      },
    },
  },
  outputs: ['main'],
  credentialTypes: ['hubspot'],
  defaultRetry: SAAS_RETRY,
  async execute(params, ctx) {
    const body = {
      inputs: [{ idProperty: 'email', id: params.email, properties: { ...params.properties, email: params.email } }],
    };
    const res = await hubspotPost(
      ctx,
      'hubspot.upsertContact',
      '/crm/v3/objects/contacts/batch/upsert',
      body,
      'HubSpot contact upsert',
    );
    const first = (res.results as Record<string, unknown>[] | undefined)?.[0] ?? null;
    return { output: first };
  },
});
