import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { SAAS_RETRY } from '../outbound/json-api.ts';
import { jsonObject } from '../params.ts';
import { compact, pipedrivePost } from './pipedrive-api.ts';

/** `POST /api/v1/persons`. */
export const pipedriveCreatePersonNode = defineNode({
  type: 'pipedrive.createPerson',
  title: 'Pipedrive: create person',
  category: 'CRM',
  description: 'Create a person in Pipedrive.',
  params: Type.Object(
    {
      name: Type.String({ minLength: 1, title: 'Name', description: 'Full name.' }),
      email: Type.Optional(Type.String({ title: 'E-mail', description: 'Primary e-mail address.' })),
      phone: Type.Optional(Type.String({ title: 'Phone', description: 'Primary phone number.' })),
      orgId: Type.Optional(Type.Integer({ title: 'Organization id', description: 'Link to this organization.' })),
      ownerId: Type.Optional(Type.Integer({ title: 'Owner id', description: 'User who owns the person.' })),
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
