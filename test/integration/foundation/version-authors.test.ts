// The versions list says who saved each version: the signed-in person (or the owner of the
// API key used), not the transport ("api").
import { afterEach, describe, expect, it } from 'vitest';
import { addUser, asSession, login } from '../../helpers/sessions.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { sampleDoc } from '../store/store-contract.ts';

const OWNER = { email: 'owner@example.com', password: 'correct horse battery' };
let hf: TestHookflow;
afterEach(async () => {
  await hf?.close();
});

describe('version authors', () => {
  it('credits versions to the signed-in user, the key owner, or the admin key', async () => {
    hf = await startHookflow();
    expect((await hf.api('/api/auth/setup', { body: OWNER })).status).toBe(201);
    const editor = await addUser(hf, 'editor@example.com', 'editor');
    const asEditor = asSession(hf, await login(hf, editor));
    const doc = { ...sampleDoc('authored'), active: false };

    expect((await asEditor('/api/workflows', { body: doc })).status).toBe(201);
    const owner = asSession(hf, await login(hf, OWNER));
    expect((await owner('/api/workflows/authored', { method: 'PUT', body: { ...doc, name: 'Second' } })).status).toBe(
      200,
    );
    const key = (await asEditor('/api/auth/keys', { body: { name: 'ci' } })).body.key as string;
    const viaKey = await hf.api('/api/workflows/authored', {
      method: 'PUT',
      body: { ...doc, name: 'Third' },
      auth: null,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(viaKey.status).toBe(200);
    expect((await hf.api('/api/workflows/authored', { method: 'PUT', body: { ...doc, name: 'Fourth' } })).status).toBe(
      200,
    );
    expect((await owner('/api/workflows/authored/versions/1/restore', { method: 'POST' })).status).toBe(200);

    const versions = await owner('/api/workflows/authored/versions');
    const sources = Object.fromEntries(
      versions.body.items.map((v: { version: number; source: string }) => [v.version, v.source]),
    );
    expect(sources).toEqual({
      1: 'editor@example.com',
      2: 'owner@example.com',
      3: 'editor@example.com (API key)',
      4: 'admin API key',
      5: 'restore:1 by owner@example.com',
    });
  });
});
