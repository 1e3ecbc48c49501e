import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { SAAS_RETRY } from '../outbound/json-api.ts';
import { jsonObject } from '../params.ts';
import { hubspotPost } from './hubspot-api.ts';

/** Creates or updates a contact by e-mail: `POST /crm/v3/objects/contacts/batch/upsert` with idProperty email. */
export const hubspotUpsertContactNode = defineNode({
  type: 'hubspot.upsertContact',
  title: 'HubSpot: create or update contact',
  category: 'CRM',
  description: 'Create a HubSpot contact, or update the one with this e-mail address.',
  params: Type.Object(
    {
      email: Type.String({
        format: 'email',
        title: 'E-mail',
        description: 'Identifies the contact, e.g. =steps.shape.email.',
      }),
      properties: Type.Optional(
        jsonObject({
          title: 'Properties',
          description:
            'Contact properties by internal name, e.g. { "firstname": "Ada", "lifecyclestage": "customer" }.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
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
