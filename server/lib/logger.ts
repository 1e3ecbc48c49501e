// Structured JSON logs. Secrets are redacted by path as a second line of defence; the
// first is never putting them in log objects. On a terminal the same lines are rendered for
// reading (LOG_FORMAT, config.ts); collectors get JSON.
import pino, { type Logger } from 'pino';
import { prettyDestination } from './pretty-log.ts';

export function createLogger(level: string, format: 'json' | 'pretty' = 'json'): Logger {
  const options = {
    level,
    base: { service: 'hookflow' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.secret', '*.token', '*.apiKey'],
      censor: '[redacted]',
    },
  };
  return format === 'pretty' ? pino(options, prettyDestination(process.stdout)) : pino(options);
}
