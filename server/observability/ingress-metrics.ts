// Counts trigger requests by status and verification failures by reason. Trigger URLs are
// served by a plain node:http handler, so this hooks the response's `finish`; the hooks
// handler tags refusals with their error code (`tagErrorCode`), which becomes the reason.
import type { ServerResponse } from 'node:http';
import type { Metrics } from './metrics.ts';

const ERROR_CODE = Symbol('hookflow.errorCode');
type Tagged = ServerResponse & { [ERROR_CODE]?: string };

/** Remembers why a response refused the request (read when it finishes). */
export function tagErrorCode(res: ServerResponse, code: string): void {
  (res as Tagged)[ERROR_CODE] = code;
}

export function observeIngress(metrics: Metrics, res: ServerResponse): void {
  res.once('finish', () => {
    const status = res.statusCode;
    metrics.ingressRequests.inc({ status: String(status) });
    if (status === 401 || status === 403) {
      metrics.verificationFailures.inc({ reason: (res as Tagged)[ERROR_CODE] ?? String(status) });
    }
  });
}
