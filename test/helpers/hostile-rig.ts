// A spawned Hookflow process with the trigger shapes the parsing-safety tests and the fuzz
// suite attack: an `auth: none` workflow with a JSON Schema and a dedupe key (the main
// URL), and an inactive GitHub-HMAC workflow whose /test URL captures unverified bodies.
// A spawned process, so a crash is seen as a crash (exit) and its memory as its own.
import { readFileSync } from 'node:fs';
import { type HookflowProcess, spawnHookflow } from './spawn-hookflow.ts';
import { tempDir } from './temp-dir.ts';

export const HMAC_SECRET = 'fuzz-secret';

export type HostileRig = {
  proc: HookflowProcess;
  /** Main path of `open` (auth none, schema requires `{id: string}`, dedupe on body.id). */
  openPath: string;
  /** /test path of `signed` (inactive, HMAC github preset). */
  signedTestPath: string;
  api: (path: string, init?: { method?: string; body?: unknown }) => Promise<{ status: number; body: any }>;
  alive: () => boolean;
  /** Peak resident set size of the server process so far, in bytes (VmHWM). */
  peakRss: () => number;
  close: () => Promise<void>;
};

export async function startHostileRig(env: Record<string, string> = {}): Promise<HostileRig> {
  const data = tempDir();
  const workflows = tempDir('hookflow-wf-');
  const proc = await spawnHookflow({ DATA_DIR: data.dir, WORKFLOWS_DIR: workflows.dir, LOG_LEVEL: 'info', ...env });
  const api: HostileRig['api'] = async (path, init = {}) => {
    const res = await fetch(`${proc.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { 'content-type': 'application/json', ...proc.auth },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const cred = await api('/api/credentials', { body: { name: 'gh', type: 'hmac', data: { secret: HMAC_SECRET } } });
  if (cred.status !== 201) throw new Error(`credential: ${JSON.stringify(cred.body)}`);
  const step = [{ id: 'echo', type: 'transform', params: { expression: '{ "got": trigger.body }' } }];
  const edges = [{ from: 'trigger', to: 'echo' }];
  const open = await api('/api/workflows', {
    body: {
      id: 'open',
      name: 'open',
      trigger: {
        type: 'webhook',
        methods: ['POST', 'PUT'],
        schema: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
        dedupe: { key: '=trigger.body.id' },
      },
      steps: step,
      edges,
    },
  });
  const signed = await api('/api/workflows', {
    body: {
      id: 'signed',
      name: 'signed',
      active: false,
      trigger: { type: 'webhook', auth: { type: 'hmac', preset: 'github', credential: 'gh' } },
      steps: step,
      edges,
    },
  });
  if (open.status !== 201 || signed.status !== 201) throw new Error(`workflows: ${JSON.stringify([open, signed])}`);
  const alive = () => proc.child.exitCode === null && proc.child.signalCode === null;
  return {
    proc,
    // Paths: PUBLIC_URL is not the bound port in a spawned process with PORT=0.
    openPath: new URL(open.body.triggerUrl).pathname,
    signedTestPath: new URL(signed.body.testUrl).pathname,
    api,
    alive,
    peakRss: () => {
      const status = readFileSync(`/proc/${proc.child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      return kb * 1024;
    },
    close: async () => {
      await proc.kill();
      data.cleanup();
      workflows.cleanup();
    },
  };
}
