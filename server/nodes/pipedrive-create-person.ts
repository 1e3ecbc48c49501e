import { compact, pipedrivePost } from './crm/pipedrive-api.ts';
import { defineNode } from './define-node.ts';
import { SAAS_RETRY } from './http/json-api.ts';

type Params = {
  name: string;
  email?: string;
  phone?: string;
  orgId?: number;
  ownerId?: number;
  fields?: Record<string, unknown>;
};

/** `POST /api/v1/persons`. */
export const pipedriveCreatePersonNode = defineNode<Params>({
  type: 'pipedrive.createPerson',
  title: 'Pipedrive: create person',
  category: 'CRM',
  description: 'Create a person in Pipedrive.',
  params: {
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1, title: 'Name', description: 'Full name.' },
      email: { type: 'string', title: 'E-mail', description: 'Primary e-mail address.' },
      phone: { type: 'string', title: 'Phone', description: 'Primary phone number.' },
      orgId: { type: 'integer', title: 'Organization id', description: 'Link to this organization.' },
      ownerId: { type: 'integer', title: 'Owner id', description: 'User who owns the person.' },
      fields: { type: 'object', title: 'Custom fields', description: 'Custom field values by field key.' },
    },
  },
  outputs: ['main'],
  credentialTypes: ['pipedrive'],
  defaultRetry: SAAS_RETRY,
  async execute(params, ctx) {
    const body = compact({
      ...params.fields,
      name: params.name,
      email: params.email ? [{ value: params.email, primary: true, label: 'work' }] : undefined,
      phone: params.phone ? [{ value: params.phone, primary: true, label: 'work' }] : undefined,
      org_id: params.orgId,
      owner_id: params.ownerId,
    });
    return {
      output: await pipedrivePost(ctx, 'pipedrive.createPerson', '/persons', body, 'Pipedrive person creation'),
    };
  },
});
