import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { SAAS_RETRY } from '../outbound/json-api.ts';
import { jsonObject, oneOfTypes } from '../params.ts';
import { SOBJECT_PATTERN, salesforceCall } from './salesforce-api.ts';

/**
 * Upsert by external id: `PATCH /sobjects/<Object>/<ExternalIdField>/<value>`; 201 when
 * created, 200 (or 204 on older API versions) when updated.
 */
export const salesforceUpsertRecordNode = defineNode({
  type: 'salesforce.upsertRecord',
  title: 'Salesforce: create or update record by external id',
  category: 'CRM',
  description: 'Create a Salesforce record, or update the one whose external id field has this value.',
  params: Type.Object(
    {
      object: Type.String({ pattern: SOBJECT_PATTERN, title: 'Object', description: 'API name, e.g. Contact.' }),
      externalIdField: Type.String({
        pattern: SOBJECT_PATTERN,
        title: 'External id field',
        description: 'API name of a field marked External ID, e.g. Shop_Customer_Id__c.',
      }),
      externalId: oneOfTypes<string | number>(['string', 'number'], {
        title: 'External id',
        description: 'Its value, e.g. =trigger.body.customer.id.',
      }),
      fields: jsonObject({ title: 'Fields', description: 'Field values by API name (without the external id field).' }),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  credentialTypes: ['salesforce'],
  defaultRetry: SAAS_RETRY,
  async execute(params, ctx) {
    const res = await salesforceCall(
      ctx,
      'salesforce.upsertRecord',
      'PATCH',
      `/sobjects/${params.object}/${params.externalIdField}/${encodeURIComponent(String(params.externalId))}`,
      params.fields,
      `Salesforce upsert ${params.object}`,
    );
    const body = (res.body && typeof res.body === 'object' ? res.body : {}) as Record<string, unknown>;
    return { output: { ...body, created: res.status === 201 } };
  },
});
