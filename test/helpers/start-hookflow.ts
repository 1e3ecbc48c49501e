// Starts a real Hookflow runtime in this process on a free port with a temp DATA_DIR —
// the same code `npm start` runs. Env overrides go through loadConfig, as in production.
import type { Logger } from 'pino';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/lib/logger.ts';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../server/runtime.ts';
import { tempDir } from './temp-dir.ts';

export type TestHookflow = Runtime & {
  url: string;
  dataDir: string;
  /** fetch relative to the server, JSON in and out. */
  api: (
    path: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ) => Promise<{
    status: number;
    headers: Headers;
    body: any;
  }>;
  close: () => Promise<void>;
};

export async function startHookflow(
  env: Record<string, string> = {},
  options: RuntimeOptions & { logger?: Logger } = {},
): Promise<TestHookflow> {
  const tmp = tempDir();
  const { dir: emptyWorkflows } = tempDir('hookflow-wf-');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: tmp.dir,
    WORKFLOWS_DIR: emptyWorkflows,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Tests talk to local stand-ins on loopback; the SSRF guard blocks loopback otherwise.
    SSRF_ALLOW: '127.0.0.1,::1',
    ...env,
  });
  const runtime = await startRuntime(config, options.logger ?? createLogger(config.logLevel), options);
  const url = `http://127.0.0.1:${runtime.port}`;
  // PUBLIC_URL must point at the bound port for triggerUrl to be usable in tests.
  Object.assign(runtime.config, { publicUrl: env.PUBLIC_URL ?? url });
  const api: TestHookflow['api'] = async (path, init = {}) => {
    const res = await fetch(`${url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body };
  };
  return {
    ...runtime,
    url,
    dataDir: tmp.dir,
    api,
    close: async () => {
      await runtime.stop(2000);
      tmp.cleanup();
    },
  };
}

/** Polls GET /api/executions/:id until it reaches a final status. */
export async function waitForExecution(hf: TestHookflow, id: string, timeoutMs = 15_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await hf.api(`/api/executions/${id}`);
    if (body?.status === 'succeeded' || body?.status === 'failed' || body?.status === 'cancelled') return body;
    if (Date.now() > deadline) throw new Error(`execution ${id} still ${body?.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
