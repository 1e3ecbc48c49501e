// The listening server: plain HTTP, or HTTPS when TLS_CERT/TLS_KEY name PEM files. The
// files are polled and a changed pair is loaded into the running server, so a renewed
// certificate (certbot, cert-manager, a mounted secret) takes effect without a restart.

import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { createSecureContext } from 'node:tls';
import type { Logger } from 'pino';
import { type Config, ConfigError } from '../config.ts';

type Pem = { cert: Buffer; key: Buffer };

export function createServer(
  config: Config,
  options: http.ServerOptions,
  listener: http.RequestListener,
  logger: Logger,
): http.Server {
  if (!config.tlsCert || !config.tlsKey) return http.createServer(options, listener);
  const files = { cert: config.tlsCert, key: config.tlsKey };
  const server = https.createServer({ ...options, ...readPemAtStart(files) }, listener);
  const stopWatching = watchPem(server, files, config.tlsReloadIntervalMs, logger);
  server.on('close', stopWatching);
  return server;
}

/** At start-up a missing or mismatched pair is a configuration error, named as such. */
function readPemAtStart(files: { cert: string; key: string }): Pem {
  const read = (variable: 'TLS_CERT' | 'TLS_KEY', file: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new ConfigError(variable, `cannot read ${file}: ${(err as Error).message}`);
    }
  };
  const pem = { cert: read('TLS_CERT', files.cert), key: read('TLS_KEY', files.key) };
  try {
    createSecureContext(pem);
  } catch (err) {
    throw new ConfigError('TLS_CERT', `the certificate and key do not form a usable pair: ${(err as Error).message}`);
  }
  return pem;
}

/**
 * Polling, not fs.watch: renewals usually replace the files by rename or swap a symlink
 * (Kubernetes secrets), which watchers on the old inode miss. A pair that does not load
 * (the cert written, the key not yet) keeps the current one and is tried again next round.
 */
function watchPem(
  server: https.Server,
  files: { cert: string; key: string },
  intervalMs: number,
  logger: Logger,
): () => void {
  const signature = async () => {
    const [c, k] = await Promise.all([stat(files.cert), stat(files.key)]);
    return `${c.ino}:${c.size}:${c.mtimeMs}|${k.ino}:${k.size}:${k.mtimeMs}`;
  };
  let loaded: Promise<string | null> = signature().catch(() => null);
  let warned: string | null = null;
  let busy = false;
  const check = async () => {
    const current = await signature();
    if (current === (await loaded)) return;
    try {
      const pem = { cert: await readFile(files.cert), key: await readFile(files.key) };
      createSecureContext(pem); // throws on a mismatched or malformed pair
      server.setSecureContext(pem);
      loaded = Promise.resolve(current);
      warned = null;
      logger.info({ cert: files.cert }, 'TLS certificate reloaded');
    } catch (err) {
      if (warned === current) return;
      warned = current;
      logger.warn(
        { err, cert: files.cert, key: files.key },
        'TLS files changed but do not load; keeping the current certificate',
      );
    }
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    check()
      .catch((err) =>
        logger.warn({ err, cert: files.cert }, 'TLS files cannot be read; keeping the current certificate'),
      )
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
