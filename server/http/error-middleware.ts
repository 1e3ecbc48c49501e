// The one place errors become responses: `{"error":{"code","message","details"}}`, never a
// stack trace. User mistakes keep their status; everything else is a logged 500.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { OPERATIONAL_RETRY_AFTER_SECONDS, OperationalError, UserError } from '../lib/errors.ts';

type BodyParserError = Error & {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  limit?: number;
};

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
};

export function toUserError(err: unknown): UserError | null {
  if (err instanceof UserError) return err;
  const e = err as BodyParserError;
  if (e?.type === 'entity.parse.failed')
    return new UserError(400, 'invalid_json', `request body is not valid JSON: ${e.message}`);
  if (e?.type === 'entity.too.large') {
    return new UserError(413, 'payload_too_large', `request body exceeds the limit of ${e.limit} bytes`, {
      limit: e.limit,
    });
  }
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return new UserError(415, 'unsupported_encoding', e.message);
  }
  // Other client errors raised by express itself (a URL parameter that is not valid
  // percent-encoding, say) carry their own 4xx status and a message meant to be shown.
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500 && e.expose !== false) {
    return new UserError(status, CODE_BY_STATUS[status] ?? 'bad_request', e.message);
  }
  return null;
}

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const user = toUserError(err);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (user) {
      // Read by the metrics middleware (verification failures by reason).
      res.locals.errorCode = user.code;
      if (user.headers) res.set(user.headers);
      res.status(user.status).json({ error: { code: user.code, message: user.message, details: user.details } });
      return;
    }
    if (err instanceof OperationalError) {
      logger.warn(
        { err, code: err.code, method: req.method, path: req.path },
        'request refused: dependency unavailable',
      );
      res.locals.errorCode = err.code;
      res.set('retry-after', String(OPERATIONAL_RETRY_AFTER_SECONDS));
      res.status(503).json({ error: { code: err.code, message: err.message } });
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, 'request failed');
    res.status(500).json({ error: { code: 'internal_error', message: 'internal error; see the server log' } });
  };
}

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new UserError(404, 'not_found', `no API route ${req.method} ${req.path}`));
};
