// ANY /hooks/:token — the public trigger URL; ANY /hooks/:token/test — sample capture.
// Served by a plain node:http handler ahead of express: this is the hot path, and express's
// per-request machinery (router walk, req/res decoration) cost a fifth of its CPU.
import { type IncomingMessage, type ServerResponse, validateHeaderName, validateHeaderValue } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Logger } from 'pino';
import { OPERATIONAL_RETRY_AFTER_SECONDS, OperationalError } from '../lib/errors.ts';
import { hookIsolationHeaders, isReservedHookHeader } from '../lib/hook-response-headers.ts';
import { tagErrorCode } from '../observability/ingress-metrics.ts';
import { captureSample } from '../triggers/capture-sample.ts';
import { type IngestDeps, type IngestRequest, ingest } from '../triggers/ingest.ts';
import { readBody } from '../triggers/read-body.ts';
import type { AppContext } from './app-context.ts';
import { toUserError } from './error-middleware.ts';
import { sampleView } from './routes/samples.ts';

const HOOK_PATH = /^\/hooks\/([A-Za-z0-9_-]{1,200})(\/test)?\/?$/;

export type HooksHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Returns false when the URL is not a hook URL, so the caller can hand it to express. */
export function createHooksHandler(ctx: AppContext): HooksHandler {
  const deps: IngestDeps = {
    store: ctx.store,
    queue: ctx.queue,
    loader: ctx.loader,
    logger: ctx.logger,
    bodyLimitBytes: ctx.config.bodyLimitBytes,
    limits: ctx.limits,
    results: ctx.results,
    syncTimeoutMs: ctx.config.syncTimeoutMs,
    ...ctx.triggers,
  };
  // Every reply (404s and errors too) carries these; `send` writes them last, after dropping
  // a workflow's attempts to set them. Passed to writeHead with the rest rather than set one
  // by one: a response with no headers set beforehand takes Node's faster header path.
  const isolation = hookIsolationHeaders(ctx.config.hsts);
  return (req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith('/hooks/')) return false;
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const match = HOOK_PATH.exec(path);
    if (!match) {
      send(
        isolation,
        res,
        404,
        {},
        { error: { code: 'trigger_not_found', message: 'no active workflow listens on this URL' } },
      );
      return true;
    }
    const request: IngestRequest = {
      token: match[1],
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      query: q < 0 ? {} : { ...parseQuery(url.slice(q + 1)) },
      remoteAddress: req.socket.remoteAddress,
      readBody: (limit) => readBody(req, limit),
    };
    const work = match[2]
      ? captureSample(deps, request).then((sample) =>
          send(isolation, res, 200, {}, { captured: true, sample: sampleView(sample) }),
        )
      : ingest(deps, request).then((r) => send(isolation, res, r.status, r.headers, r.body));
    work.catch((err) => fail(isolation, res, err, ctx.logger, req));
    return true;
  };
}

/** Headers a workflow computed (respond step, static reply) that HTTP cannot carry, or that
 * could act in the editor's origin (lib/hook-response-headers.ts), are dropped. */
function sendableHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (isReservedHookHeader(k)) continue;
    try {
      validateHeaderName(k);
      validateHeaderValue(k, v);
      out[k] = v;
    } catch {
      // e.g. a header value with characters outside Latin-1, or a name with a space
    }
  }
  return out;
}

function send(
  isolation: Record<string, string>,
  res: ServerResponse,
  status: number,
  rawHeaders: Record<string, string>,
  body: unknown,
): void {
  const headers = sendableHeaders(rawHeaders);
  const hasType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
  // A reply to a machine is plain text when it is a string and nobody said otherwise.
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
  const type = hasType
    ? {}
    : { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' };
  res.writeHead(status, { ...type, ...headers, ...isolation, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function fail(
  isolation: Record<string, string>,
  res: ServerResponse,
  err: unknown,
  logger: Logger,
  req: IncomingMessage,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const user = toUserError(err);
  if (user) {
    tagErrorCode(res, user.code);
    // Drain what the sender is still uploading so the connection can be reused.
    if (!req.readableEnded) req.resume();
    send(isolation, res, user.status, user.headers ?? {}, {
      error: { code: user.code, message: user.message, details: user.details },
    });
    return;
  }
  if (err instanceof OperationalError) {
    // A dependency is down for a moment (the store took no write): nothing was committed,
    // so the sender must retry, and a 5xx with Retry-After is what every sender retries.
    logger.warn({ err, code: err.code, method: req.method }, 'trigger request refused: dependency unavailable');
    tagErrorCode(res, err.code);
    if (!req.readableEnded) req.resume();
    send(
      isolation,
      res,
      503,
      { 'retry-after': String(OPERATIONAL_RETRY_AFTER_SECONDS) },
      { error: { code: err.code, message: err.message } },
    );
    return;
  }
  logger.error({ err, method: req.method }, 'trigger request failed');
  send(isolation, res, 500, {}, { error: { code: 'internal_error', message: 'internal error; see the server log' } });
}
