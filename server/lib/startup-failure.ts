// Start-up failures a person can fix themselves get one line that says how, not a stack trace.
// Anything else is a bug or an outage of a dependency, and keeps its stack for the report.

type SystemError = Error & { code?: string; port?: number; address?: string };

export function startupFailureMessage(err: unknown, configuredPort: number): string {
  const e = err as SystemError;
  const port = typeof e?.port === 'number' ? e.port : configuredPort;
  switch (e?.code) {
    case 'EADDRINUSE':
      return `port ${port} is in use; set PORT`;
    case 'EACCES':
      return `port ${port} needs privileges this process does not have; set PORT (above 1023)`;
    case 'EADDRNOTAVAIL':
      return `address ${e.address ?? ''} is not on this machine; set HOST`;
    default:
      return `Hookflow failed to start: ${e?.stack ?? String(err)}`;
  }
}
