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

/**
 * Finds live tokens in a string at a cost linear in the string, whatever their number (a
 * loop of `includes` per token made every viewer answer cost as much as there are
 * workflows). Tokens are runs of URL-safe characters: each run of at least the shortest
 * token's length is searched by window, one Set look-up per position and token length.
 */
export type TokenMatcher = { replace(s: string): string };

const TOKEN_RUN = /[A-Za-z0-9_-]+/g;

export function tokenMatcher(tokens: readonly string[]): TokenMatcher {
  const set = new Set(tokens);
  const lengths = [...new Set(tokens.map((t) => t.length))].sort((a, b) => b - a);
  const shortest = lengths.at(-1) ?? Number.POSITIVE_INFINITY;
  const findIn = (run: string): string => {
    if (run.length < shortest) return run;
    for (let i = 0; i + shortest <= run.length; i++) {
      for (const len of lengths) {
        if (i + len > run.length || !set.has(run.slice(i, i + len))) continue;
        // Longest first; what precedes and follows is searched again.
        return `${run.slice(0, i)}${HIDDEN}${findIn(run.slice(i + len))}`;
      }
    }
    return run;
  };
  return {
    replace: (s) => (set.size === 0 || s.length < shortest ? s : s.replace(TOKEN_RUN, findIn)),
  };
}

/** Removes trigger URLs and every occurrence of a live trigger token from the answer. */
export function hideTriggerTokens(value: unknown, tokens: TokenMatcher | readonly string[]): unknown {
  const matcher = Array.isArray(tokens) ? tokenMatcher(tokens) : (tokens as TokenMatcher);
  return hideWith(value, matcher);
}

function hideWith(value: unknown, tokens: TokenMatcher): unknown {
  if (typeof value === 'string') return tokens.replace(value.replace(HOOK_PATH, `/hooks/${HIDDEN}`));
  if (Array.isArray(value)) return value.map((v) => hideWith(v, tokens));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // Keys are scrubbed too: a header or query name may be anything the caller sent.
    const key = hideWith(k, tokens) as string;
    out[key] = TRIGGER_URL_KEYS.has(k) && typeof v === 'string' ? HIDDEN : hideWith(v, tokens);
  }
  return out;
}

/** Live tokens only (rotated or deleted ones open nothing), read without loading documents. */
async function liveTokens(store: Store): Promise<string[]> {
  const all = store.listTriggerTokens
    ? await store.listTriggerTokens()
    : (await store.listWorkflows()).map((w) => w.token);
  return all.filter((t) => t.length >= 8);
}

/** Mounted on `/api` after the access middleware, for every request. */
export function viewerRedaction(store: Store, opts: { hidePayloads: boolean }): RequestHandler {
  return async (req, res, next) => {
    try {
      if (principalOf(res)?.role !== 'viewer') return next();
      const tokens = tokenMatcher(await liveTokens(store));
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
