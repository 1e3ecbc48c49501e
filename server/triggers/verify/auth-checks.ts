// Turns a trigger's `auth` into compiled checks, once per workflow version. Secrets are
// looked up by credential name per request (through a short cache in the ingest deps), so a
// rotated credential takes effect without touching the workflow.
import { parseDuration } from '../../lib/duration.ts';
import type { TriggerAuth } from '../../workflow/types.ts';
import { inRanges, parseCidrs } from './client-ip.ts';
import { safeEqualText } from './hmac.ts';
import { presetFor } from './presets.ts';
import { type AuthCheck, type AuthFailure, fail, header, type SecretLookup, type SecretValue } from './types.ts';

export const DEFAULT_TOLERANCE_MS = 5 * 60_000;

async function credentialFor(secrets: SecretLookup, name: string): Promise<SecretValue | AuthFailure> {
  const cred = await secrets(name);
  return cred ?? fail('credential_missing', `credential "${name}" does not exist`);
}

const isFailure = (v: unknown): v is AuthFailure => typeof v === 'object' && v !== null && 'code' in v;

/** Lists of extra secrets a credential may hold (rotation): exactly the lists the credential
 * types accept (credential-types.ts), so what the README documents is what can be stored. */
const ROTATION_FIELDS = ['previousSecrets', 'keys'];

/** Every secret a credential holds: the current one (`fields`) and any rotation lists. */
export function secretsOf(cred: SecretValue, fields: string[]): string[] {
  const out: string[] = [];
  for (const f of fields) {
    const v = cred.data[f];
    if (typeof v === 'string' && v) out.push(v);
  }
  for (const f of ROTATION_FIELDS) {
    const list = cred.data[f];
    if (Array.isArray(list)) for (const s of list) if (typeof s === 'string' && s) out.push(s);
  }
  return out;
}

const GENERIC_ONLY = ['header', 'algorithm', 'encoding', 'prefix', 'timestampHeader', 'template'] as const;

function compileOne(auth: TriggerAuth, defaultToleranceMs: number): AuthCheck | null {
  switch (auth.type) {
    case 'none':
      return null;
    case 'ip': {
      const ranges = parseCidrs(auth.allow);
      return async (input) =>
        inRanges(input.clientIp, ranges)
          ? null
          : fail('ip_forbidden', `client address ${input.clientIp} is not in the allow-list`, 403);
    }
    case 'header': {
      const prefix = auth.prefix ?? '';
      return async (input, secrets) => {
        const cred = await credentialFor(secrets, auth.credential);
        if (isFailure(cred)) return cred;
        const keys = secretsOf(cred, ['key', 'token', 'secret']);
        if (keys.length === 0) return fail('credential_invalid', `credential "${auth.credential}" holds no key`);
        const value = header(input.headers, auth.header);
        if (!value) return fail('auth_missing', `${auth.header} header is missing`);
        if (!value.startsWith(prefix)) return fail('auth_invalid', `${auth.header} does not match`);
        const given = value.slice(prefix.length);
        let ok = false;
        for (const k of keys) if (safeEqualText(k, given)) ok = true;
        return ok ? null : fail('auth_invalid', `${auth.header} does not match`);
      };
    }
    case 'basic': {
      const challenge = { 'www-authenticate': 'Basic realm="hookflow", charset="UTF-8"' };
      return async (input, secrets) => {
        const cred = await credentialFor(secrets, auth.credential);
        if (isFailure(cred)) return cred;
        const { username, password } = cred.data;
        if (typeof username !== 'string' || typeof password !== 'string') {
          return fail('credential_invalid', `credential "${auth.credential}" holds no username and password`);
        }
        const value = header(input.headers, 'authorization');
        if (!value || !/^basic /i.test(value))
          return fail('auth_missing', 'Basic authorization is missing', 401, challenge);
        const decoded = Buffer.from(value.slice(6).trim(), 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        const userOk = safeEqualText(username, colon < 0 ? decoded : decoded.slice(0, colon));
        const passOk = safeEqualText(password, colon < 0 ? '' : decoded.slice(colon + 1));
        return userOk && passOk ? null : fail('auth_invalid', 'wrong user name or password', 401, challenge);
      };
    }
    case 'hmac': {
      const stray = auth.preset === 'generic' ? [] : GENERIC_ONLY.filter((k) => auth[k] !== undefined);
      if (stray.length > 0)
        throw new Error(`${stray.join(', ')} ${stray.length === 1 ? 'applies' : 'apply'} only to the generic preset`);
      const preset = presetFor(auth.preset, auth);
      const toleranceMs = parseDuration(auth.tolerance, defaultToleranceMs);
      return async (input, secrets) => {
        const cred = await credentialFor(secrets, auth.credential);
        if (isFailure(cred)) return cred;
        const keys = secretsOf(cred, ['secret', 'key']);
        if (keys.length === 0) return fail('credential_invalid', `credential "${auth.credential}" holds no secret`);
        return preset.verify(input, keys, toleranceMs);
      };
    }
  }
}

/** Compiles `auth` into checks; a problem carries the message for `/trigger/auth`. */
export function compileAuth(
  auth: TriggerAuth | undefined,
  defaultToleranceMs = DEFAULT_TOLERANCE_MS,
): { checks: AuthCheck[]; problems: { pointer: string; message: string }[] } {
  if (!auth || typeof auth !== 'object') return { checks: [], problems: [] };
  try {
    const check = compileOne(auth, defaultToleranceMs);
    return { checks: check ? [check] : [], problems: [] };
  } catch (err) {
    return { checks: [], problems: [{ pointer: '', message: (err as Error).message }] };
  }
}

/** Runs every check in order; the first failure wins. */
export async function runAuth(
  checks: AuthCheck[],
  input: Parameters<AuthCheck>[0],
  secrets: SecretLookup,
): Promise<AuthFailure | null> {
  for (const check of checks) {
    const failure = await check(input, secrets);
    if (failure) return failure;
  }
  return null;
}
