// What viewers never see, applied to every JSON answer of `/api` they get, so a new route
// or field cannot forget it:
// - trigger tokens and URLs, always: whoever holds a trigger URL can run the workflow, and
//   its steps act with the stored credentials — running is an editor's right. Every string
//   is scrubbed of `/hooks/<token>` paths and of the live tokens themselves (an execution's
//   trigger path, a captured sample, a step that echoed its own URL).
// - with VIEWER_HIDE_PAYLOADS=true, everything that carries request data in executions and
//   samples: bodies, query strings, headers, path params, files, step inputs and outputs,
//   results, and error messages (which often quote the payload). Error codes stay visible.
import type { RequestHandler } from 'express';
import type { Store } from '../store/store.ts';
import { principalOf } from './access-middleware.ts';

export const HIDDEN = '[hidden for viewers]';

/** Answers that carry payload data: executions, trigger samples, and alert or expression previews. */
const PAYLOAD_PATHS = [/^\/executions(\/|$)/, /sample|capture|preview|alert/];
const PAYLOAD_KEYS = new Set([
  'body',
  'rawBody',
  'files',
  'input',
  'output',
  'result',
  'payload',
  'query',
  'headers',
  'params',
  'data',
]);
/** Inside an `error` object only these stay: they name what failed, not with which data. */
const ERROR_KEYS_KEPT = new Set(['code', 'stepId', 'name', 'status']);
const TRIGGER_URL_KEYS = new Set(['triggerUrl', 'testUrl']);
const HOOK_PATH = /\/hooks\/[A-Za-z0-9_-]{1,200}/g;

export function hidePayloads(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hidePayloads);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) out[k] = v;
    else if (PAYLOAD_KEYS.has(k)) out[k] = HIDDEN;
    else if (k === 'error' && typeof v === 'object' && !Array.isArray(v))
      out[k] = hideError(v as Record<string, unknown>);
    else out[k] = hidePayloads(v);
  }
  return out;
}

function hideError(error: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(error)) out[k] = ERROR_KEYS_KEPT.has(k) || v === null ? v : HIDDEN;
  return out;
}

/** Removes trigger URLs and every occurrence of a live trigger token from the answer. */
export function hideTriggerTokens(value: unknown, tokens: readonly string[]): unknown {
  if (typeof value === 'string') {
    let s = value.replace(HOOK_PATH, `/hooks/${HIDDEN}`);
    for (const t of tokens) if (s.includes(t)) s = s.split(t).join(HIDDEN);
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => hideTriggerTokens(v, tokens));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // Keys are scrubbed too: a header or query name may be anything the caller sent.
    const key = hideTriggerTokens(k, tokens) as string;
    out[key] = TRIGGER_URL_KEYS.has(k) && typeof v === 'string' ? HIDDEN : hideTriggerTokens(v, tokens);
  }
  return out;
}

/** Mounted on `/api` after the access middleware, for every request. */
export function viewerRedaction(store: Store, opts: { hidePayloads: boolean }): RequestHandler {
  return async (req, res, next) => {
    try {
      if (principalOf(res)?.role !== 'viewer') return next();
      // Tokens are short random strings: only live ones matter (rotated or deleted ones open nothing).
      const tokens = (await store.listWorkflows()).map((w) => w.token).filter((t) => t.length >= 8);
      const payloads = opts.hidePayloads && PAYLOAD_PATHS.some((re) => re.test(req.path.toLowerCase()));
      const json = res.json.bind(res);
      // Our own error answers (`{"error": {code, message}}`) describe the request, not a payload.
      res.json = (body: unknown) =>
        json(hideTriggerTokens(payloads && res.statusCode < 400 ? hidePayloads(body) : body, tokens));
      next();
    } catch (err) {
      next(err);
    }
  };
}
