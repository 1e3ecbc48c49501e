// Native HTTPS: TLS_CERT/TLS_KEY (PEM files) make the server speak TLS; a renewed pair is
// picked up without a restart, a broken one never replaces the working certificate, and a
// bad pair at start-up is a configuration error. Certificates are made here with openssl.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config.ts';
import { startHookflow, TEST_ADMIN_API_KEY, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { until as waitUntil } from '../../helpers/until.ts';

/** The waits here keep the 15 s bound they had (the shared helper's default is 10 s). */
const until = (what: string, check: () => boolean | Promise<boolean>) => waitUntil(what, check, 15_000);

type Pair = { cert: string; key: string };

function makeCert(dir: string, name: string): Pair {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync(
    '/usr/bin/openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}

/** Replaces a file the way renewal tools do: write beside it, then rename over it. */
function replace(file: string, content: string): void {
  writeFileSync(`${file}.new`, content);
  renameSync(`${file}.new`, file);
}

/** The served certificate's SHA-256 fingerprint, verified against `ca` (the self-signed cert). */
function servedFingerprint(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ca }, () => {
      const fp = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(fp);
    });
    socket.on('error', reject);
  });
}

function fingerprintOf(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

function get(port: number, p: string, ca: string): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: '127.0.0.1', port, path: p, servername: 'localhost', ca }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      })
      .on('error', reject);
  });
}

function request(
  port: number,
  ca: string,
  method: string,
  p: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        path: p,
        method,
        servername: 'localhost',
        ca,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('native HTTPS', () => {
  const tmp = tempDir('hookflow-tls-');
  const certFile = path.join(tmp.dir, 'tls.crt');
  const keyFile = path.join(tmp.dir, 'tls.key');
  let first: Pair;
  let second: Pair;
  let third: Pair;
  let hf: TestHookflow;

  beforeAll(async () => {
    first = makeCert(tmp.dir, 'first');
    second = makeCert(tmp.dir, 'second');
    third = makeCert(tmp.dir, 'third');
    writeFileSync(certFile, first.cert);
    writeFileSync(keyFile, first.key);
    hf = await startHookflow({ TLS_CERT: certFile, TLS_KEY: keyFile, TLS_RELOAD_INTERVAL_MS: '100' });
  });
  afterAll(async () => {
    await hf?.close();
    tmp.cleanup();
  });

  it('serves the editor, the API and triggers over TLS with HSTS', async () => {
    const port = hf.port as number;
    expect(await servedFingerprint(port, first.cert)).toBe(fingerprintOf(first.cert));
    for (const p of ['/healthz', '/api/auth/session', '/hooks/unknown-token']) {
      const res = await get(port, p, first.cert);
      expect(res.status, p).toBeLessThan(500);
      expect(res.headers['strict-transport-security'], p).toMatch(/^max-age=\d+/);
    }
    // Plain HTTP is not spoken on the TLS port.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('marks session cookies Secure with COOKIE_SECURE=auto although PUBLIC_URL is http', async () => {
    expect(hf.config.publicUrl).toMatch(/^http:/);
    const port = hf.port as number;
    const email = 'tls-owner@example.com';
    const password = 'a long enough password';
    const made = await request(
      port,
      first.cert,
      'POST',
      '/api/auth/users',
      { email, password, role: 'owner' },
      {
        authorization: `Bearer ${TEST_ADMIN_API_KEY}`,
      },
    );
    expect(made.status).toBe(201);
    const signedIn = await request(port, first.cert, 'POST', '/api/auth/login', { email, password });
    expect(signedIn.status).toBe(200);
    const cookies = signedIn.headers['set-cookie'] ?? [];
    expect(cookies.length).toBeGreaterThanOrEqual(2);
    for (const c of cookies) expect(c).toMatch(/;\s*Secure/i);
  });

  it('loads a renewed certificate without a restart, and never a pair that does not match', async () => {
    const port = hf.port as number;
    replace(keyFile, second.key);
    replace(certFile, second.cert);
    await until('the second certificate', async () => {
      try {
        return (await servedFingerprint(port, second.cert)) === fingerprintOf(second.cert);
      } catch {
        return false; // still the first one: not signed by the second
      }
    });

    // Half a renewal: a new certificate beside the old key. The working pair stays in place.
    replace(certFile, third.cert);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await servedFingerprint(port, second.cert)).toBe(fingerprintOf(second.cert));
    // The key arrives: now the third pair is served.
    replace(keyFile, third.key);
    await until('the third certificate', async () => {
      try {
        return (await servedFingerprint(port, third.cert)) === fingerprintOf(third.cert);
      } catch {
        return false;
      }
    });
    expect((await get(port, '/healthz', third.cert)).status).toBe(200);
  });
});

describe('TLS configuration errors', () => {
  it('TLS_CERT and TLS_KEY come together', () => {
    expect(() => loadConfig({ TLS_CERT: '/x.crt' })).toThrow(/TLS_KEY: .*together/);
    expect(() => loadConfig({ TLS_KEY: '/x.key' })).toThrow(/TLS_CERT: .*together/);
    expect(loadConfig({}).hsts).toBe(false);
    expect(loadConfig({ PUBLIC_URL: 'https://flows.example.com' }).hsts).toBe(true);
  });

  it('an unreadable file or a mismatched pair stops start-up naming the variable', async () => {
    const tmp = tempDir('hookflow-tls-bad-');
    try {
      const a = makeCert(tmp.dir, 'a');
      const b = makeCert(tmp.dir, 'b');
      const cert = path.join(tmp.dir, 'a.crt');
      const otherKey = path.join(tmp.dir, 'b.key');
      expect(b.key).not.toBe(a.key);
      await expect(startHookflow({ TLS_CERT: cert, TLS_KEY: path.join(tmp.dir, 'missing.key') })).rejects.toThrow(
        /TLS_KEY: cannot read/,
      );
      await expect(startHookflow({ TLS_CERT: cert, TLS_KEY: otherKey })).rejects.toThrow(/TLS_CERT: .*usable pair/);
    } finally {
      tmp.cleanup();
    }
  });
});
