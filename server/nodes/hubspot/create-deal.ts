import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { SAAS_RETRY } from '../outbound/json-api.ts';
import { jsonObject, oneOfTypes } from '../params.ts';
import { hubspotPost } from './hubspot-api.ts';

// HubSpot-defined association type ids (deal → contact, deal → company).
const DEAL_TO_CONTACT = 3;
const DEAL_TO_COMPANY = 341;

/** `POST /crm/v3/objects/deals`, associated with a contact and/or company when given. */
export const hubspotCreateDealNode = defineNode({
  type: 'hubspot.createDeal',
  title: 'HubSpot: create deal',
  category: 'CRM',
  description: 'Create a HubSpot deal, optionally associated with a contact and a company.',
  params: Type.Object(
    {
      dealname: Type.String({ minLength: 1, title: 'Deal name', description: 'e.g. ="Order " & trigger.body.id' }),
      amount: Type.Optional(
        oneOfTypes<number | string>(['number', 'string'], { title: 'Amount', description: 'Deal amount.' }),
      ),
      pipeline: Type.Optional(
        Type.String({
          title: 'Pipeline',
          description: 'Pipeline id; "default" for the default pipeline.',
          default: 'default',
        }),
      ),
      dealstage: Type.Optional(Type.String({ title: 'Deal stage', description: 'Stage id, e.g. closedwon.' })),
      closedate: Type.Optional(Type.String({ title: 'Close date', description: 'ISO 8601 date-time.' })),
      properties: Type.Optional(
        jsonObject({ title: 'Other properties', description: 'More deal properties by internal name.' }),
      ),
      contactId: Type.Optional(
        oneOfTypes<string | number>(['string', 'number'], {
          title: 'Contact id',
          description: 'Associate with this contact, e.g. =steps.contact.id.',
        }),
      ),
      companyId: Type.Optional(
        oneOfTypes<string | number>(['string', 'number'], {
          title: 'Company id',
          description: 'Associate with this company.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  credentialTypes: ['hubspot'],
  defaultRetry: SAAS_RETRY,
  async execute(params, ctx) {
    const properties: Record<string, unknown> = { ...params.properties, dealname: params.dealname };
    for (const k of ['amount', 'pipeline', 'dealstage', 'closedate'] as const) {
      if (params[k] !== undefined) properties[k] = params[k];
    }
    const associations = [
      ...(params.contactId !== undefined ? [assoc(params.contactId, DEAL_TO_CONTACT)] : []),
      ...(params.companyId !== undefined ? [assoc(params.companyId, DEAL_TO_COMPANY)] : []),
    ];
    const body = associations.length > 0 ? { properties, associations } : { properties };
    const res = await hubspotPost(ctx, 'hubspot.createDeal', '/crm/v3/objects/deals', body, 'HubSpot deal creation');
    return { output: res };
  },
});

function assoc(id: string | number, typeId: number) {
  return { to: { id: String(id) }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }] };
}
