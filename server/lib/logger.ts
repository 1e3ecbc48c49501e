// Structured JSON logs. Secrets are redacted by path as a second line of defence; the
// first is never putting them in log objects.
import pino, { type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'hookflow' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.secret', '*.token', '*.apiKey'],
      censor: '[redacted]',
    },
  });
}
