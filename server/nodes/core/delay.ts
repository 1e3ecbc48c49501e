import { Type } from 'typebox';
import { DURATION_PATTERN, parseDuration } from '../../lib/duration.ts';
import { defineNode } from '../define-node.ts';
import { oneOfTypes } from '../params.ts';
import { NonRetryableError } from '../step-errors.ts';

const MAX_DELAY_MS = 90 * 86_400_000;

/**
 * Waits for a duration or until a point in time. Durable: the due time is saved with the
 * step and the execution is parked (no worker slot) until then, surviving restarts.
 */
export const delayNode = defineNode({
  type: 'delay',
  title: 'Delay',
  category: 'Flow',
  description: 'Wait for a duration (e.g. 10m) or until a timestamp, without holding a worker. Survives restarts.',
  params: Type.Object(
    {
      duration: Type.Optional(
        Type.String({
          title: 'Duration',
          description: 'How long to wait: 500ms, 30s, 10m, 2h, 1d.',
          pattern: DURATION_PATTERN,
        }),
      ),
      until: Type.Optional(
        oneOfTypes<string | number>(['string', 'number'], {
          title: 'Until',
          description:
            'An ISO 8601 timestamp or epoch milliseconds, usually an expression, e.g. =trigger.body.remind_at.',
        }),
      ),
    },
    { additionalProperties: false, oneOf: [{ required: ['duration'] }, { required: ['until'] }] },
  ),
  outputs: ['main'],
  async execute(params, ctx) {
    const resumed = ctx.resume as { until: number } | undefined;
    const until = resumed?.until ?? dueTime(params);
    if (until - Date.now() > MAX_DELAY_MS) {
      throw new NonRetryableError('a delay may last at most 90 days', 'delay_too_long');
    }
    if (until <= Date.now()) return { output: { waitedUntil: new Date(until).toISOString() } };
    return { output: null, wait: { until, state: { until } } };
  },
});

function dueTime(params: { duration?: string; until?: string | number }): number {
  if (params.until !== undefined && params.until !== null) {
    const at = typeof params.until === 'number' ? params.until : Date.parse(String(params.until));
    if (Number.isNaN(at)) throw new NonRetryableError(`"${params.until}" is not a timestamp`, 'invalid_until');
    return at;
  }
  try {
    return Date.now() + parseDuration(params.duration, 0);
  } catch (err) {
    throw new NonRetryableError((err as Error).message, 'invalid_duration');
  }
}
