// Rejected trigger requests are logged with their reason (and never with secret material).
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config.ts';
import { type Runtime, startRuntime } from '../../../server/runtime.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { memorySecrets, post } from './trigger-helpers.ts';

describe('trigger rejection log', () => {
  const lines: Record<string, unknown>[] = [];
  let rt: Runtime;
  let base: string;
  const tmp = tempDir();
  const wf = tempDir('hookflow-wf-');
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: tmp.dir, WORKFLOWS_DIR: wf.dir });
    rt = await startRuntime(config, pino({ level: 'info' }, sink), {
      secrets: memorySecrets({ gh: { type: 'hmac', data: { secret: 'topsecret-value' } } }),
    });
    base = `http://127.0.0.1:${rt.port}`;
  });
  afterAll(async () => {
    await rt.stop(1000);
    tmp.cleanup();
    wf.cleanup();
  });

  it('logs code, reason, workflow and IP for a bad signature', async () => {
    const created = await post(
      `${base}/api/workflows`,
      JSON.stringify({
        id: 'logged',
        name: 'logged',
        trigger: { type: 'webhook', auth: { type: 'hmac', preset: 'github', credential: 'gh' } },
        steps: [{ id: 'a', type: 'transform', params: { expression: '1' } }],
        edges: [{ from: 'trigger', to: 'a' }],
      }),
    );
    const url = created.body.triggerUrl.replace(/^.*\/hooks\//, `${base}/hooks/`);
    const res = await post(url, '{}', { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` });
    expect(res.status).toBe(401);
    const entry = lines.find((l) => l.msg === 'trigger request rejected');
    expect(entry).toMatchObject({
      workflowId: 'logged',
      code: 'signature_invalid',
      reason: 'X-Hub-Signature-256 does not match',
      ip: '127.0.0.1',
    });
    expect(JSON.stringify(lines)).not.toContain('topsecret-value');
  });
});
