// VIEWER_HIDE_PAYLOADS: viewers see executions and captured samples without the payloads
// themselves (request bodies, step inputs and outputs, results), which may hold personal data.
import type { RequestHandler } from 'express';
import { principalOf } from './access-middleware.ts';

const PAYLOAD_PATHS = [/^\/executions(\/|$)/, /sample|capture/];
const PAYLOAD_KEYS = new Set(['body', 'rawBody', 'files', 'input', 'output', 'result', 'payload']);
export const HIDDEN = '[hidden for viewers]';

export function hidePayloads(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hidePayloads);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = PAYLOAD_KEYS.has(k) && v !== null && v !== undefined ? HIDDEN : hidePayloads(v);
  }
  return out;
}

export function viewerRedaction(): RequestHandler {
  return (req, res, next) => {
    if (principalOf(res)?.role !== 'viewer' || !PAYLOAD_PATHS.some((re) => re.test(req.path.toLowerCase())))
      return next();
    const json = res.json.bind(res);
    res.json = (body: unknown) => json(hidePayloads(body));
    next();
  };
}
