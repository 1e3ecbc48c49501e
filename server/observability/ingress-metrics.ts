// Counts trigger requests by status and verification failures by reason. Mounted in front of
// the hooks router; the error code comes from the error middleware (`res.locals.errorCode`).
import type { RequestHandler } from 'express';
import type { Metrics } from './metrics.ts';

export function ingressMetrics(metrics: Metrics): RequestHandler {
  return (_req, res, next) => {
    res.on('finish', () => {
      const status = res.statusCode;
      metrics.ingressRequests.inc({ status: String(status) });
      if (status === 401 || status === 403) {
        metrics.verificationFailures.inc({ reason: (res.locals.errorCode as string | undefined) ?? String(status) });
      }
    });
    next();
  };
}
