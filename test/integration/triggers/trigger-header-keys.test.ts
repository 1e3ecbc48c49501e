// Header-token triggers with several keys (rotation, or one key per sender), stored through
// the real credentials API and vault as the README documents: `data.key` plus `data.keys[]`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';
import { countExecutions, createWorkflow, post, workflowDoc } from './trigger-helpers.ts';

const CURRENT = 'hk-current-7f3a91c2';
const OLD = 'hk-previous-0b5d2e84';
const PARTNER = 'hk-partner-c41e6a07';

describe('header auth with data.keys[]', () => {
  let hf: TestHookflow;
  beforeAll(async () => {
    hf = await startHookflow();
  });
  afterAll(async () => {
    await hf.close();
  });

  it('accepts the key and every one of keys; anything else is 401; nothing leaks', async () => {
    const saved = await hf.api('/api/credentials/gitlab-tokens', {
      method: 'PUT',
      body: { type: 'apiKey', data: { key: CURRENT, keys: [OLD, PARTNER] } },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const { url } = await createWorkflow(
      hf,
      workflowDoc('hdr-keys', { auth: { type: 'header', header: 'X-Gitlab-Token', credential: 'gitlab-tokens' } }),
    );
    const ids: string[] = [];
    for (const key of [CURRENT, OLD, PARTNER]) {
      const res = await post(url, '{"ok":true}', { 'x-gitlab-token': key });
      expect(res.status, key).toBe(202);
      ids.push(res.body.executionId);
    }
    for (const wrong of [`${OLD}x`, OLD.slice(0, -1), '', `${CURRENT},${OLD}`]) {
      const res = await post(url, '{}', wrong ? { 'x-gitlab-token': wrong } : {});
      expect(res.status, wrong).toBe(401);
      expect(res.body.error.code).toBe(wrong ? 'auth_invalid' : 'auth_missing');
    }
    expect(await countExecutions(hf, 'hdr-keys')).toBe(3);
    const exec = await waitForExecution(hf, ids[1]);
    expect(exec.trigger.headers['x-gitlab-token']).toBe('[redacted]');
    const views = [saved, await hf.api('/api/credentials'), await hf.api('/api/credentials/gitlab-tokens'), exec];
    for (const v of views) for (const k of [CURRENT, OLD, PARTNER]) expect(JSON.stringify(v)).not.toContain(k);
  });

  it('refuses keys that are not a list of non-empty strings with a clear 400', async () => {
    for (const keys of ['one', [''], [1], Array.from({ length: 21 }, (_, i) => `k-${i}-abcdef`)]) {
      const res = await hf.api('/api/credentials/bad-keys', {
        method: 'PUT',
        body: { type: 'apiKey', data: { key: 'k-1', keys } },
      });
      expect(res.status, JSON.stringify(keys)).toBe(400);
      expect(res.body.error.code).toEqual(expect.any(String));
    }
    expect((await hf.api('/api/credentials/bad-keys')).status).toBe(404);
  });
});
