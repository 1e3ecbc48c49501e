import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { asObject, baseUrl, callJsonApi, requireCredential, SAAS_RETRY } from '../outbound/json-api.ts';
import type { HttpResult } from '../outbound/response.ts';
import { serviceAccountToken } from './service-account-token.ts';

const SCOPE = 'https://www.googleapis.com/auth/spreadsheets';

/** `POST /v4/spreadsheets/{id}/values/{range}:append?valueInputOption=…&insertDataOption=INSERT_ROWS`. */
export const googleSheetsAppendRowNode = defineNode({
  type: 'googleSheets.appendRow',
  title: 'Google Sheets: append row',
  category: 'Productivity',
  description: 'Append a row of values after the last row of a sheet’s table.',
  params: Type.Object(
    {
      spreadsheetId: Type.String({
        pattern: '^[A-Za-z0-9_-]{10,}$',
        title: 'Spreadsheet id',
        description: 'The id in the sheet’s URL (/d/<id>/edit).',
      }),
      range: Type.Optional(
        Type.String({
          minLength: 1,
          default: 'Sheet1',
          title: 'Sheet or range',
          description: 'e.g. Sheet1 or Orders!A:F.',
        }),
      ),
      values: Type.Array(Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]), {
        minItems: 1,
        title: 'Values',
        description: 'The row’s cells in column order, e.g. =[trigger.body.id, trigger.body.total].',
      }),
      valueInputOption: Type.Optional(
        Type.Union([Type.Literal('USER_ENTERED'), Type.Literal('RAW')], {
          default: 'USER_ENTERED',
          title: 'Input',
          description: 'USER_ENTERED parses numbers, dates and formulas as typed in the UI; RAW stores strings as is.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  credentialTypes: ['googleServiceAccount'],
  defaultRetry: SAAS_RETRY,
  async execute(p, ctx) {
    const cred = await requireCredential(ctx, 'googleSheets.appendRow', 'googleServiceAccount');
    const sa = {
      clientEmail: cred.data.clientEmail as string,
      privateKey: cred.data.privateKey as string,
      tokenUrl: baseUrl(cred.data, 'tokenUrl', 'https://oauth2.googleapis.com/token'),
    };
    const url = new URL(
      `${baseUrl(cred.data, 'baseUrl', 'https://sheets.googleapis.com')}/v4/spreadsheets/${encodeURIComponent(p.spreadsheetId)}/values/${encodeURIComponent(p.range ?? 'Sheet1')}:append`,
    );
    url.searchParams.set('valueInputOption', p.valueInputOption ?? 'USER_ENTERED');
    url.searchParams.set('insertDataOption', 'INSERT_ROWS');
    let tokenRejected = false;
    const append = async () => {
      const token = await serviceAccountToken(ctx, sa, SCOPE);
      try {
        return await callJsonApi(ctx, {
          method: 'POST',
          url: url.toString(),
          headers: { authorization: `Bearer ${token.token}` },
          body: { majorDimension: 'ROWS', values: [p.values] },
          what: 'Google Sheets append',
          describe: describeGoogle,
        });
      } catch (err) {
        tokenRejected = (err as { details?: { status?: number } }).details?.status === 401;
        // Only a rejected token is dropped: a rate limit or an outage says nothing about it.
        if (tokenRejected) token.drop();
        throw err;
      }
    };
    let result: HttpResult;
    try {
      result = await append();
    } catch (err) {
      // A revoked or expired token: one more try with a fresh one.
      if (!tokenRejected) throw err;
      result = await append();
    }
    const updates = asObject(asObject(result.body).updates);
    return {
      output: {
        spreadsheetId: asObject(result.body).spreadsheetId,
        updatedRange: updates.updatedRange,
        updatedRows: updates.updatedRows,
      },
    };
  },
});

/** `{ "error": { "code": 403, "message": "The caller does not have permission", "status": "PERMISSION_DENIED" } }`. */
function describeGoogle(r: HttpResult) {
  const e = asObject(asObject(r.body).error);
  return typeof e.message === 'string'
    ? { message: e.message, code: typeof e.status === 'string' ? e.status : undefined }
    : null;
}
