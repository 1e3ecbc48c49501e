import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { SAAS_RETRY } from '../outbound/json-api.ts';
import { jsonObject } from '../params.ts';
import { SOBJECT_PATTERN, salesforceCall } from './salesforce-api.ts';

/** `POST /services/data/vXX.X/sobjects/<Object>/` → `{id, success, errors}`. */
export const salesforceCreateRecordNode = defineNode({
  type: 'salesforce.createRecord',
  title: 'Salesforce: create record',
  category: 'CRM',
  description: 'Create a record of any Salesforce object (Lead, Contact, Opportunity, custom objects).',
  params: Type.Object(
    {
      object: Type.String({
        pattern: SOBJECT_PATTERN,
        title: 'Object',
        description: 'API name, e.g. Lead or Invoice__c.',
        default: 'Lead',
      }),
      fields: jsonObject({
        title: 'Fields',
        description: 'Field values by API name, e.g. { "LastName": "Lovelace", "Company": "Acme" }.',
      }),
    },
    { additionalProperties: false },
  ),
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
