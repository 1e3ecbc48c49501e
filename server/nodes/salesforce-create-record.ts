import { SOBJECT_PATTERN, salesforceCall } from './crm/salesforce-api.ts';
import { defineNode } from './define-node.ts';
import { SAAS_RETRY } from './http/json-api.ts';

/** `POST /services/data/vXX.X/sobjects/<Object>/` → `{id, success, errors}`. */
export const salesforceCreateRecordNode = defineNode<{ object: string; fields: Record<string, unknown> }>({
  type: 'salesforce.createRecord',
  title: 'Salesforce: create record',
  category: 'CRM',
  description: 'Create a record of any Salesforce object (Lead, Contact, Opportunity, custom objects).',
  params: {
    type: 'object',
    required: ['object', 'fields'],
    additionalProperties: false,
    properties: {
      object: {
        type: 'string',
        pattern: SOBJECT_PATTERN,
        title: 'Object',
        description: 'API name, e.g. Lead or Invoice__c.',
        default: 'Lead',
      },
      fields: {
        type: 'object',
        title: 'Fields',
        description: 'Field values by API name, e.g. { "LastName": "Lovelace", "Company": "Acme" }.',
      },
    },
  },
  outputs: ['main'],
  credentialTypes: ['salesforce'],
  defaultRetry: SAAS_RETRY,
  async execute(params, ctx) {
    const res = await salesforceCall(
      ctx,
      'salesforce.createRecord',
      'POST',
      `/sobjects/${params.object}/`,
      params.fields,
      `Salesforce create ${params.object}`,
    );
    return { output: res.body };
  },
});
