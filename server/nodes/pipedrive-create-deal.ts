import { compact, pipedrivePost } from './crm/pipedrive-api.ts';
import { defineNode } from './define-node.ts';
import { SAAS_RETRY } from './http/json-api.ts';

type Params = {
  title: string;
  value?: number;
  currency?: string;
  personId?: number;
  orgId?: number;
  stageId?: number;
  status?: 'open' | 'won' | 'lost';
  fields?: Record<string, unknown>;
};

/** `POST /api/v1/deals`. */
export const pipedriveCreateDealNode = defineNode<Params>({
  type: 'pipedrive.createDeal',
  title: 'Pipedrive: create deal',
  category: 'CRM',
  description: 'Create a deal in Pipedrive, optionally linked to a person and an organization.',
  params: {
    type: 'object',
    required: ['title'],
    additionalProperties: false,
    properties: {
      title: { type: 'string', minLength: 1, title: 'Title', description: 'Deal title.' },
      value: { type: 'number', title: 'Value', description: 'Deal value.' },
      currency: { type: 'string', pattern: '^[A-Z]{3}$', title: 'Currency', description: 'ISO 4217 code, e.g. EUR.' },
      personId: { type: 'integer', title: 'Person id', description: 'e.g. =steps.person.id' },
      orgId: { type: 'integer', title: 'Organization id', description: 'Link to this organization.' },
      stageId: {
        type: 'integer',
        title: 'Stage id',
        description: 'Pipeline stage; the first stage of the default pipeline when empty.',
      },
      status: {
        type: 'string',
        enum: ['open', 'won', 'lost'],
        default: 'open',
        title: 'Status',
        description: 'Deal status.',
      },
      fields: { type: 'object', title: 'Custom fields', description: 'Custom field values by field key.' },
    },
  },
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
