import { createVerify, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, step } from '../nodes/flow-helpers.ts';
import { expectAuthFailure, expectRetries, runStep } from './saas-cases.ts';
import { type Recorded, type StandIn, startStandIn } from './stand-in.ts';

const EMAIL = 'hookflow@acme-prod.iam.gserviceaccount.com';
const SHEET = '1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = (k: typeof keys) => k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const gError = (code: number, status: string, message: string) => ({
  status: code,
  body: { error: { code, message, status } },
});

/** Google's token endpoint and Sheets v4, verifying the JWT with the service account's public key. */
function google(s: { url: string; issued: number }) {
  return (r: Recorded) => {
    if (r.path === '/token') {
      const assertion = r.body?.assertion?.[0] ?? '';
      const [h, c, sig] = assertion.split('.');
      const ok =
        r.body?.grant_type?.[0] === 'urn:ietf:params:oauth:grant-type:jwt-bearer' &&
        sig &&
        createVerify('RSA-SHA256').update(`${h}.${c}`).verify(keys.publicKey, Buffer.from(sig, 'base64url'));
      if (!ok) return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } };
      const header = JSON.parse(Buffer.from(h, 'base64url').toString());
      const claims = JSON.parse(Buffer.from(c, 'base64url').toString());
      const now = Date.now() / 1000;
      if (
        header.alg !== 'RS256' ||
        claims.iss !== EMAIL ||
        claims.aud !== `${s.url}/token` ||
        claims.scope !== 'https://www.googleapis.com/auth/spreadsheets' ||
        claims.exp - claims.iat > 3600 ||
        Math.abs(claims.iat - now) > 300
      ) {
        return {
          status: 400,
          body: {
            error: 'invalid_grant',
            error_description: 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.',
          },
        };
      }
      s.issued++;
      return { status: 200, body: { access_token: `ya29.token-${s.issued}`, expires_in: 3599, token_type: 'Bearer' } };
    }
    if (r.headers.authorization !== `Bearer ya29.token-${s.issued}`)
      return gError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    if (r.method === 'POST' && r.path === `/v4/spreadsheets/${SHEET}/values/Orders!A:C:append`) {
      const rows = r.body?.values?.length ?? 0;
      return {
        status: 200,
        body: {
          spreadsheetId: SHEET,
          tableRange: 'Orders!A1:C7',
          updates: {
            spreadsheetId: SHEET,
            updatedRange: 'Orders!A8:C8',
            updatedRows: rows,
            updatedColumns: 3,
            updatedCells: 3 * rows,
          },
        },
      };
    }
    return gError(404, 'NOT_FOUND', 'Requested entity was not found.');
  };
}

describe('googleSheets.appendRow against stand-ins of Google OAuth2 and Sheets v4', () => {
  let hf: TestHookflow;
  let api: StandIn;
  const state = { url: '', issued: 0 };
  beforeAll(async () => {
    hf = await startHookflow();
    api = await startStandIn(google(state));
    state.url = api.url;
    const cred = { clientEmail: EMAIL, tokenUrl: `${api.url}/token`, baseUrl: api.url };
    await putCredential(hf, 'gsa', 'googleServiceAccount', { ...cred, privateKey: pem(keys) });
    await putCredential(hf, 'gsa-bad', 'googleServiceAccount', { ...cred, privateKey: pem(other) });
  });
  afterAll(async () => {
    await hf?.close();
    await api?.close();
  });
  const append = {
    type: 'googleSheets.appendRow',
    credential: 'gsa',
    params: { spreadsheetId: SHEET, range: 'Orders!A:C', values: ['="A-" & $string(1)', 120, true] },
  };
  const isAppend = (r: Recorded) => r.path !== '/token';

  it('signs a JWT, exchanges it for a token (once, then cached), appends the row', async () => {
    api.reset();
    const exec = await runStep(hf, append, { id: 'A-1' });
    expect(exec.status, JSON.stringify(step(exec, 's')?.error)).toBe('succeeded');
    expect(step(exec, 's').output).toEqual({ spreadsheetId: SHEET, updatedRange: 'Orders!A8:C8', updatedRows: 1 });
    const call = api.requests.find(isAppend)!;
    expect(call.query.get('valueInputOption')).toBe('USER_ENTERED');
    expect(call.query.get('insertDataOption')).toBe('INSERT_ROWS');
    expect(call.body).toEqual({ majorDimension: 'ROWS', values: [['A-1', 120, true]] });
    await runStep(hf, append, { id: 'A-2' });
    expect(api.requests.filter((r) => r.path === '/token')).toHaveLength(1);
    expect(JSON.stringify(exec)).not.toContain('ya29.');
  });

  it('a JWT signed with the wrong key fails at once (invalid_grant)', async () => {
    const exec = await expectAuthFailure(hf, api, { ...append, credential: 'gsa-bad' }, 'Invalid JWT Signature.');
    expect(step(exec, 's').error.code).toBe('invalid_grant');
  });

  it('a token Google no longer accepts (401) is replaced once', async () => {
    api.reset();
    api.inject(gError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'));
    const exec = await runStep(hf, append, { id: 'A-3' });
    expect(exec.status).toBe('succeeded');
    expect(api.requests.map((r) => r.path === '/token')).toEqual([false, true, false]);
  });

  it('RESOURCE_EXHAUSTED (429) honours Retry-After, a 503 is retried', async () => {
    await expectRetries(
      hf,
      api,
      append,
      {
        ...gError(429, 'RESOURCE_EXHAUSTED', "Quota exceeded for quota metric 'Write requests'"),
        headers: { 'retry-after': '2' },
      },
      gError(503, 'UNAVAILABLE', 'The service is currently unavailable.'),
      2,
      isAppend,
    );
  });
});
