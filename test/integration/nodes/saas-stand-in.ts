// One local HTTP server that answers like HubSpot, Salesforce, Pipedrive and Slack do —
// the documented paths, auth headers, success bodies and error shapes — and records every
// request. `script` lets a test inject failures (rate limits, expired sessions).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Recorded = { method: string; path: string; headers: http.IncomingHttpHeaders; body: any; raw: string };
type Reply = { status: number; headers?: Record<string, string>; body: unknown };

export const TOKENS = {
  hubspot: 'pat-na1-11111111-2222-3333-4444-555555555555',
  salesforceSecret: 'sf-consumer-secret-8f7e6d5c4b3a',
  pipedrive: 'pd-api-token-0123456789abcdef0123',
  slack: 'xoxb-1234-5678-abcdefghijklmnop',
};

export type StandIn = {
  url: string;
  requests: Recorded[];
  /** Consulted before the normal answer; return a reply to override it. */
  script: (req: Recorded, n: number) => Reply | null;
  /**
   * Echo what each request carried (headers, URL, raw body) in its answer, as careless or
   * hostile APIs do: JSON objects get an `echo` field, text bodies the URL appended.
   */
  echo: boolean;
  salesforceTokensIssued: number;
  /** Makes the current Salesforce token invalid (as a session expiry does). */
  expireSalesforceSession: () => void;
  close: () => Promise<void>;
};

export async function startStandIn(): Promise<StandIn> {
  let sfToken = '';
  const upserted = new Set<string>();
  const s: StandIn = {
    url: '',
    requests: [],
    script: () => null,
    echo: false,
    salesforceTokensIssued: 0,
    expireSalesforceSession: () => {
      sfToken = 'expired';
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
  const answer = (r: Recorded): Reply => {
    const auth = r.headers.authorization ?? '';
    // HubSpot CRM v3
    if (r.path.startsWith('/crm/v3/')) {
      if (auth !== `Bearer ${TOKENS.hubspot}`) {
        return hubspotError(401, 'Authentication credentials not found.', 'INVALID_AUTHENTICATION');
      }
      if (r.method === 'POST' && r.path === '/crm/v3/objects/contacts/batch/upsert') {
        const input = r.body?.inputs?.[0];
        if (input?.idProperty !== 'email' || !input.id) return hubspotError(400, 'Invalid input', 'VALIDATION_ERROR');
        return {
          status: 200,
          body: { status: 'COMPLETE', results: [{ id: '101', properties: input.properties, new: true }] },
        };
      }
      if (r.method === 'POST' && r.path === '/crm/v3/objects/deals') {
        if (!r.body?.properties?.dealname)
          return hubspotError(400, 'Property values were not valid', 'VALIDATION_ERROR');
        return { status: 201, body: { id: '201', properties: r.body.properties, archived: false } };
      }
    }
    // Salesforce
    if (r.method === 'POST' && r.path === '/services/oauth2/token') {
      const form = new URLSearchParams(r.raw);
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_secret') !== TOKENS.salesforceSecret) {
        return { status: 400, body: { error: 'invalid_client', error_description: 'invalid client credentials' } };
      }
      s.salesforceTokensIssued++;
      sfToken = `00Dxx0000001gPL!AQ4AQ${s.salesforceTokensIssued}`;
      return {
        status: 200,
        body: { access_token: sfToken, instance_url: s.url, token_type: 'Bearer', issued_at: '1' },
      };
    }
    if (r.path.startsWith('/services/data/v62.0/sobjects/')) {
      if (auth !== `Bearer ${sfToken}`) {
        return { status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] };
      }
      const parts = r.path.split('/').filter(Boolean); // services data v62.0 sobjects Obj [field value]
      if (r.method === 'POST' && parts.length === 5) {
        if (parts[4] === 'Lead' && !r.body?.LastName) {
          return {
            status: 400,
            body: [
              {
                message: 'Required fields are missing: [LastName]',
                errorCode: 'REQUIRED_FIELD_MISSING',
                fields: ['LastName'],
              },
            ],
          };
        }
        return { status: 201, body: { id: '00Q5e000001abcDEAQ', success: true, errors: [] } };
      }
      if (r.method === 'PATCH' && parts.length === 7) {
        const key = parts.slice(4).join('/');
        const created = !upserted.has(key);
        upserted.add(key);
        return { status: created ? 201 : 200, body: { id: '0035e000002xyzAAA', success: true, errors: [], created } };
      }
    }
    // Pipedrive v1
    if (r.path.startsWith('/api/v1/')) {
      if (r.headers['x-api-token'] !== TOKENS.pipedrive) {
        return {
          status: 401,
          body: {
            success: false,
            error: 'unauthorized access',
            errorCode: 401,
            error_info: 'Please check the API token',
          },
        };
      }
      if (r.method === 'POST' && r.path === '/api/v1/persons') {
        return { status: 201, body: { success: true, data: { id: 1, ...r.body } } };
      }
      if (r.method === 'POST' && r.path === '/api/v1/deals') {
        if (!r.body?.title)
          return { status: 400, body: { success: false, error: 'Title is required', errorCode: 400 } };
        return { status: 201, body: { success: true, data: { id: 7, ...r.body } } };
      }
    }
    // Slack Web API and incoming webhooks
    if (r.method === 'POST' && r.path === '/api/chat.postMessage') {
      if (auth !== `Bearer ${TOKENS.slack}`) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
      if (r.body?.channel !== 'C0123') return { status: 200, body: { ok: false, error: 'channel_not_found' } };
      return {
        status: 200,
        body: { ok: true, channel: 'C0123', ts: '1700000000.000100', message: { text: r.body.text } },
      };
    }
    if (r.method === 'POST' && r.path.startsWith('/services/T000/B000/')) {
      if (!r.body?.text) return { status: 400, body: 'invalid_payload' };
      return { status: 200, body: 'ok' };
    }
    return { status: 404, body: { message: 'no such endpoint' } };
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      let body: unknown = null;
      try {
        body = raw && req.headers['content-type']?.includes('json') ? JSON.parse(raw) : raw;
      } catch {
        body = raw;
      }
      const rec: Recorded = {
        method: req.method ?? '',
        path: (req.url ?? '').split('?')[0],
        headers: req.headers,
        body,
        raw,
      };
      const n = s.requests.push(rec) - 1;
      let reply = s.script(rec, n) ?? answer(rec);
      if (s.echo) reply = withEcho(reply, req, raw);
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res
        .writeHead(reply.status, {
          'content-type': typeof reply.body === 'string' ? 'text/html' : 'application/json;charset=UTF-8',
          ...reply.headers,
        })
        .end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  s.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return s;
}

function hubspotError(status: number, message: string, category: string): Reply {
  return {
    status,
    body: { status: 'error', message, correlationId: 'a1b2c3d4-0000-1111-2222-333344445555', category },
  };
}

function withEcho(reply: Reply, req: http.IncomingMessage, raw: string): Reply {
  const echo = { url: req.url, headers: req.headers, raw };
  if (typeof reply.body === 'string') return { ...reply, body: `${reply.body} ${req.url}` };
  if (reply.body && typeof reply.body === 'object' && !Array.isArray(reply.body)) {
    return { ...reply, body: { ...reply.body, echo } };
  }
  return reply;
}
