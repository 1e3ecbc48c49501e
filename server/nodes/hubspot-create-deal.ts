import { hubspotPost } from './crm/hubspot-api.ts';
import { defineNode } from './define-node.ts';
import { SAAS_RETRY } from './http/json-api.ts';

type Params = {
  dealname: string;
  amount?: number | string;
  pipeline?: string;
  dealstage?: string;
  closedate?: string;
  properties?: Record<string, unknown>;
  contactId?: string | number;
  companyId?: string | number;
};

// HubSpot-defined association type ids (deal → contact, deal → company).
const DEAL_TO_CONTACT = 3;
const DEAL_TO_COMPANY = 341;

/** `POST /crm/v3/objects/deals`, associated with a contact and/or company when given. */
export const hubspotCreateDealNode = defineNode<Params>({
  type: 'hubspot.createDeal',
  title: 'HubSpot: create deal',
  category: 'CRM',
  description: 'Create a HubSpot deal, optionally associated with a contact and a company.',
  params: {
    type: 'object',
    required: ['dealname'],
    additionalProperties: false,
    properties: {
      dealname: { type: 'string', minLength: 1, title: 'Deal name', description: 'e.g. ="Order " & trigger.body.id' },
      amount: { type: ['number', 'string'], title: 'Amount', description: 'Deal amount.' },
      pipeline: {
        type: 'string',
        title: 'Pipeline',
        description: 'Pipeline id; "default" for the default pipeline.',
        default: 'default',
      },
      dealstage: { type: 'string', title: 'Deal stage', description: 'Stage id, e.g. closedwon.' },
      closedate: { type: 'string', title: 'Close date', description: 'ISO 8601 date-time.' },
      properties: { type: 'object', title: 'Other properties', description: 'More deal properties by internal name.' },
      contactId: {
        type: ['string', 'number'],
        title: 'Contact id',
        description: 'Associate with this contact, e.g. =steps.contact.id.',
      },
      companyId: { type: ['string', 'number'], title: 'Company id', description: 'Associate with this company.' },
    },
  },
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
