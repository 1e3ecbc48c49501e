import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const SECRET = 'bearer-secret-value-7c6b5a49';

describe('/api/credentials and the vault', () => {
  let hf: TestHookflow;
  beforeAll(async () => {
    hf = await startHookflow();
  });
  afterAll(async () => {
    await hf.close();
  });

  it('stores values write-only: created, listed by name and type, never returned', async () => {
    const created = await hf.api('/api/credentials/crm-token', {
      method: 'PUT',
      body: { type: 'bearer', data: { token: SECRET } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      name: 'crm-token',
      type: 'bearer',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const updated = await hf.api('/api/credentials/crm-token', {
      method: 'PUT',
      body: { type: 'bearer', data: { token: `${SECRET}-2` } },
    });
    expect(updated.status).toBe(200);
    const list = await hf.api('/api/credentials');
    expect(list.body.items).toEqual([expect.objectContaining({ name: 'crm-token', type: 'bearer' })]);
    const one = await hf.api('/api/credentials/crm-token');
    for (const r of [created, updated, list, one]) expect(JSON.stringify(r.body)).not.toContain(SECRET);
    const value = await hf.vault.get('crm-token');
    expect(value?.data.token).toBe(`${SECRET}-2`);
  });

  it('keeps only ciphertext on disk, under a key generated once into DATA_DIR', async () => {
    const key = readFileSync(path.join(hf.dataDir, 'encryption.key'), 'utf8').trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    for (const f of ['hookflow.db', 'hookflow.db-wal']) {
      const file = path.join(hf.dataDir, f);
      if (existsSync(file)) expect(readFileSync(file).includes(SECRET)).toBe(false);
    }
    const row = await hf.store.getCredential('crm-token');
    expect(row?.sealed).toMatch(/^v1:/);
  });

  it('serves the credential types with their schemas (secret fields writeOnly)', async () => {
    const res = await hf.api('/api/credentials/types');
    const types = res.body.items.map((t: { type: string }) => t.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'apiKey',
        'bearer',
        'basic',
        'oauth2ClientCredentials',
        'smtp',
        'hmac',
        'hubspot',
        'salesforce',
        'pipedrive',
        'slack',
        'slackWebhook',
      ]),
    );
    const bearer = res.body.items.find((t: { type: string }) => t.type === 'bearer');
    expect(bearer.schema.properties.token.writeOnly).toBe(true);
  });

  it.each([
    ['an unknown type', 'bad-1', { type: 'nope', data: {} }, '/type'],
    ['a value missing a field', 'bad-2', { type: 'basic', data: { username: 'u' } }, '/data/password'],
    ['an extra field', 'bad-3', { type: 'bearer', data: { token: 't', extra: 1 } }, '/data/extra'],
    ['a bad name', 'bad name!', { type: 'bearer', data: { token: 't' } }, '/name'],
  ])('rejects %s with 400 and stores nothing', async (_what, name, body, pointer) => {
    const res = await hf.api(`/api/credentials/${encodeURIComponent(name)}`, { method: 'PUT', body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ pointer })]));
    expect(await hf.store.getCredential(name)).toBeNull();
  });

  it('refuses to change a credential’s type, to POST a duplicate, and 404s unknown names', async () => {
    const type = await hf.api('/api/credentials/crm-token', {
      method: 'PUT',
      body: { type: 'basic', data: { username: 'u', password: 'p' } },
    });
    expect(type.status).toBe(409);
    expect(type.body.error.code).toBe('type_mismatch');
    const dup = await hf.api('/api/credentials', { body: { name: 'crm-token', type: 'bearer', data: { token: 'x' } } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('already_exists');
    expect((await hf.vault.get('crm-token'))?.data.token).toBe(`${SECRET}-2`);
    const created = await hf.api('/api/credentials', {
      body: { name: 'other', type: 'bearer', data: { token: 'x-token' } },
    });
    expect(created.status).toBe(201);
    expect((await hf.api('/api/credentials/other', { method: 'DELETE' })).status).toBe(204);
    const gone = await hf.api('/api/credentials/other', { method: 'DELETE' });
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('not_found');
    expect((await hf.api('/api/credentials/other')).status).toBe(404);
  });
});

describe('ENCRYPTION_KEY', () => {
  it('refuses to start when the stored credentials cannot be decrypted with the given key', async () => {
    const data = tempDir();
    const k1 = 'a'.repeat(64);
    const first = await startHookflow({ DATA_DIR: data.dir, ENCRYPTION_KEY: k1 });
    await first.api('/api/credentials/x', { method: 'PUT', body: { type: 'bearer', data: { token: 'tok-123456' } } });
    await first.close();
    await expect(startHookflow({ DATA_DIR: data.dir, ENCRYPTION_KEY: 'b'.repeat(64) })).rejects.toThrow(
      /ENCRYPTION_KEY cannot decrypt the stored credentials \(x\)/,
    );
    const again = await startHookflow({ DATA_DIR: data.dir, ENCRYPTION_KEY: k1 });
    expect((await again.vault.get('x'))?.data.token).toBe('tok-123456');
    await again.close();
    data.cleanup();
  });
});
