// Turns a parsed cURL command into the HTTP request step's parameters, and its credentials
// into an offer for a stored credential: the workflow file must never carry the secret.
import type { CurlAuth, CurlRequest } from './parse-curl.ts';

/** The parameters a pasted command decides; the step's other settings (timeout…) are kept. */
export const CURL_PARAMS = ['method', 'url', 'headers', 'query', 'body', 'bodyType'] as const;

export type CredentialOffer = {
  type: 'basic' | 'bearer';
  /** A name that is valid for a credential, from the host the command calls. */
  name: string;
  values: Record<string, string>;
  summary: string;
};

export type CurlStep = {
  params: Record<string, unknown>;
  /** Human names of what was filled, for the confirmation line. */
  filled: string[];
  offer?: CredentialOffer;
  /** What the step does not do as pasted. */
  dropped: string[];
};

export function curlToStep(req: CurlRequest, acceptedCredentialTypes: string[]): CurlStep {
  const url = new URL(req.url);
  const params: Record<string, unknown> = { method: req.method };
  const filled = ['method', 'URL'];
  // A query of distinct keys becomes the editable "Query parameters"; a repeated key
  // (a=1&a=2) cannot be a map entry, so such a query stays in the URL as written.
  const keys = [...url.searchParams.keys()];
  if (keys.length > 0 && new Set(keys).size === keys.length) {
    params.query = Object.fromEntries(url.searchParams);
    url.search = '';
    filled.push('query parameters');
  }
  params.url = url.toString();
  if (Object.keys(req.headers).length > 0) {
    params.headers = { ...req.headers };
    filled.push('headers');
  }
  if (req.bodyType !== 'none') {
    params.bodyType = req.bodyType;
    params.body = req.body;
    filled.push(`body (${req.bodyType})`);
  }
  const dropped = [...req.warnings];
  let offer: CredentialOffer | undefined;
  if (req.auth) {
    if (acceptedCredentialTypes.includes(req.auth.type)) offer = offerFor(req.auth, url.hostname);
    else dropped.push(`the ${req.auth.type} credentials (this step does not take a ${req.auth.type} credential)`);
  }
  return { params, filled, offer, dropped };
}

function offerFor(auth: CurlAuth, host: string): CredentialOffer {
  const base = host.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 60) || 'pasted';
  if (auth.type === 'basic')
    return {
      type: 'basic',
      name: `${base}-basic`,
      values: { username: auth.username, password: auth.password },
      summary: `HTTP Basic as “${auth.username}”`,
    };
  return { type: 'bearer', name: `${base}-token`, values: { token: auth.token }, summary: 'a bearer token' };
}
