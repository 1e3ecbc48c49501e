import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { SAAS_RETRY } from '../outbound/json-api.ts';
import { jsonObject, stringEnum } from '../params.ts';
import { compact, pipedrivePost } from './pipedrive-api.ts';

/** `POST /api/v1/deals`. */
export const pipedriveCreateDealNode = defineNode({
  type: 'pipedrive.createDeal',
  title: 'Pipedrive: create deal',
  category: 'CRM',
  description: 'Create a deal in Pipedrive, optionally linked to a person and an organization.',
  params: Type.Object(
    {
      title: Type.String({ minLength: 1, title: 'Title', description: 'Deal title.' }),
      value: Type.Optional(Type.Number({ title: 'Value', description: 'Deal value.' })),
      currency: Type.Optional(
        Type.String({ pattern: '^[A-Z]{3}$', title: 'Currency', description: 'ISO 4217 code, e.g. EUR.' }),
      ),
      personId: Type.Optional(Type.Integer({ title: 'Person id', description: 'e.g. =steps.person.id' })),
      orgId: Type.Optional(Type.Integer({ title: 'Organization id', description: 'Link to this organization.' })),
      stageId: Type.Optional(
        Type.Integer({
          title: 'Stage id',
          description: 'Pipeline stage; the first stage of the default pipeline when empty.',
        }),
      ),
      status: Type.Optional(
        stringEnum(['open', 'won', 'lost'], { default: 'open', title: 'Status', description: 'Deal status.' }),
      ),
      fields: Type.Optional(jsonObject({ title: 'Custom fields', description: 'Custom field values by field key.' })),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  credentialTypes: ['pipedrive'],
  defaultRetry: SAAS_RETRY,
  async execute(params, ctx) {
    const body = compact({
      ...params.fields,
      title: params.title,
      value: params.value,
      currency: params.currency,
      person_id: params.personId,
      org_id: params.orgId,
      stage_id: params.stageId,
      status: params.status,
    });
    return { output: await pipedrivePost(ctx, 'pipedrive.createDeal', '/deals', body, 'Pipedrive deal creation') };
  },
});
