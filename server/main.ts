// Entry point: read config, start the roles, stop cleanly on SIGTERM/SIGINT.
import { ConfigError, loadConfig } from './config.ts';
import { startupFailureMessage } from './lib/startup-failure.ts';
import { startRuntime } from './runtime.ts';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Hookflow cannot start: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  let runtime: Awaited<ReturnType<typeof startRuntime>>;
  try {
    runtime = await startRuntime(config);
  } catch (err) {
    process.stderr.write(`${startupFailureMessage(err, config.port)}\n`);
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down');
    // The bound holds even if something hangs: exit anyway shortly after the grace period.
    setTimeout(() => {
      runtime.logger.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 2000).unref();
    runtime
      .stop()
      .then(() => process.exit(0))
      .catch((err) => {
        runtime.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`Hookflow failed to start: ${err?.stack ?? err}\n`);
  process.exit(1);
});
