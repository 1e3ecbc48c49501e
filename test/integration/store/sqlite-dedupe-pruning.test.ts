// SQLite has no TTL index: retention must delete expired dedupe keys itself, all of them
// (not one batch per run, which heavy dedupe traffic would outgrow), and only expired ones.

import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ulid } from '../../../server/lib/ids.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const trigger = { method: 'POST', path: '/x', headers: {}, query: {}, body: {}, receivedAt: '' };
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('sqlite retention of dedupe keys', () => {
  it('deletes every expired dedupe key in batches and keeps the live ones', async () => {
    const store = createSqliteStore({ dataDir: tmp.dir });
    const now = Date.now();
    for (let i = 0; i < 7; i++) {
      const id = ulid();
      const exec = { id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: now - 10_000 };
      await store.createExecution(exec, { key: `old-${i}`, expiresAt: now - 1000 });
    }
    for (let i = 0; i < 3; i++) {
      const exec = { id: ulid(), workflowId: 'w', workflowVersion: 1, trigger, createdAt: now };
      await store.createExecution(exec, { key: `live-${i}`, expiresAt: now + 60_000 });
    }
    // No execution is old or beyond the window: only dedupe keys can go.
    expect(await store.pruneExecutions({ before: 1, keepPerWorkflow: 100, limit: 2 })).toBe(0);
    const reader = new DatabaseSync(path.join(tmp.dir, 'hookflow.db'), { readOnly: true });
    const keys = reader.prepare('SELECT key FROM dedupe_keys ORDER BY key').all() as { key: string }[];
    reader.close();
    expect(keys.map((k) => k.key)).toEqual(['live-0', 'live-1', 'live-2']);
    // A live key still deduplicates.
    const again = { id: ulid(), workflowId: 'w', workflowVersion: 1, trigger, createdAt: now };
    expect((await store.createExecution(again, { key: 'live-1', expiresAt: now + 60_000 })).created).toBe(false);
    await store.close();
  });
});

describe('retention with both execution rules off', () => {
  it('keeps every execution but still deletes expired dedupe keys and sessions', async () => {
    const { createRetention } = await import('../../../server/engine/retention.ts');
    const { createLogger } = await import('../../../server/lib/logger.ts');
    const store = createSqliteStore({ dataDir: tmp.dir });
    const now = Date.now();
    const old = {
      id: ulid(now - 10_000),
      workflowId: 'w',
      workflowVersion: 1,
      trigger,
      createdAt: now - 10 * 86_400_000,
    };
    await store.createExecution(old, { key: 'expired', expiresAt: now - 1000 });
    const retention = createRetention({
      store,
      logger: createLogger('silent'),
      days: 0,
      perWorkflow: 0,
      batchSize: 10,
      intervalMs: 60_000,
    });
    expect(await retention.runOnce()).toBe(0);
    await retention.stop();
    expect(await store.getExecution(old.id)).not.toBeNull();
    const reader = new DatabaseSync(path.join(tmp.dir, 'hookflow.db'), { readOnly: true });
    const keys = reader.prepare('SELECT key FROM dedupe_keys').all();
    reader.close();
    expect(keys).toEqual([]);
    await store.close();
  });
});
