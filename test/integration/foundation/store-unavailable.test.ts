// Accepted means durable, also when the store cannot write. A real server process on the
// embedded store; another connection to the same SQLite file takes the write lock (as a
// second process sharing DATA_DIR would), or a trigger in the database makes the execution
// insert fail at commit. The caller must never get a 2xx for an execution that is not
// committed, must get a JSON error instead, and the process must survive and recover.

import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HookflowProcess, spawnHookflow } from '../../helpers/spawn-hookflow.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

type Answer = { status: number; body: any; at: number; retryAfter: string | null; csp: string | null };

describe('ingest while the store cannot write', () => {
  const data = tempDir();
  const workflows = tempDir('hookflow-wf-');
  let proc: HookflowProcess;
  let hook = '';
  let other: DatabaseSync;

  const fire = async (n: number): Promise<Answer> => {
    const res = await fetch(hook, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"n":${n}}`,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep the text for the assertion message
    }
    return {
      status: res.status,
      body,
      at: Date.now(),
      retryAfter: res.headers.get('retry-after'),
      csp: res.headers.get('content-security-policy'),
    };
  };
  const api = async (p: string) => (await fetch(`${proc.url}${p}`, { headers: proc.auth })).json() as Promise<any>;
  /** Executions as another reader of the file sees them: only what is committed. */
  const committed = (): { id: string; trigger: string }[] =>
    other.prepare('SELECT id, trigger FROM executions ORDER BY id').all() as { id: string; trigger: string }[];

  beforeAll(async () => {
    proc = await spawnHookflow({
      DATA_DIR: data.dir,
      WORKFLOWS_DIR: workflows.dir,
      // Keep background writers (sweep, retention) out of the locked windows.
      SWEEP_INTERVAL_MS: '600000',
      RETENTION_INTERVAL_MS: '600000',
    });
    const res = await fetch(`${proc.url}/api/workflows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...proc.auth },
      body: JSON.stringify({
        id: 'durable',
        name: 'durable',
        trigger: { type: 'webhook' },
        steps: [{ id: 'echo', type: 'transform', params: { expression: '{ "n": trigger.body.n }' } }],
        edges: [{ from: 'trigger', to: 'echo' }],
      }),
    });
    expect(res.status).toBe(201);
    hook = ((await res.json()) as { triggerUrl: string }).triggerUrl.replace(/^https?:\/\/[^/]+/, proc.url);
    other = new DatabaseSync(path.join(data.dir, 'hookflow.db'), { timeout: 5000 });
    expect((await fire(0)).status).toBe(202);
  });
  afterEach(() => {
    if (other.isTransaction) other.exec('ROLLBACK');
    other.exec('DROP TRIGGER IF EXISTS refuse_executions');
    other.exec('DROP TRIGGER IF EXISTS refuse_samples');
  });
  afterAll(async () => {
    other?.close();
    await proc?.kill();
    data.cleanup();
    workflows.cleanup();
  });

  it('does not answer 2xx while another connection holds the write lock; answers once committed', async () => {
    const before = committed().length;
    other.exec('BEGIN IMMEDIATE');
    const lockedAt = Date.now();
    const pending = fire(1);
    let early: Answer | null = null;
    void pending.then((a) => {
      early ??= a;
    });
    await new Promise((r) => setTimeout(r, 1500));
    // Whatever came back while the lock was held (nothing, or an error) is not an acceptance.
    const answeredWhileLocked: Answer | null = early;
    if (answeredWhileLocked) expect((answeredWhileLocked as Answer).status).toBeGreaterThanOrEqual(500);
    expect(committed().length).toBe(before);
    other.exec('COMMIT');
    const answer = await pending;
    expect(answer.at).toBeGreaterThanOrEqual(lockedAt);
    if (answer.status === 202) {
      // Acknowledged only after the lock was gone, and the execution is really there.
      expect(committed().map((e) => e.id)).toContain(answer.body.executionId);
      expect((await api(`/api/executions/${answer.body.executionId}`)).id).toBe(answer.body.executionId);
    } else {
      expect(answer.status).toBeGreaterThanOrEqual(500);
      expect(answer.body.error.code).toEqual(expect.any(String));
      expect(committed().length).toBe(before);
    }
    expect(proc.child.exitCode).toBeNull();
    const after = await fire(2);
    expect(after.status).toBe(202);
    expect(committed().map((e) => e.id)).toContain(after.body.executionId);
  }, 30_000);

  it('answers 503 store_unavailable when the lock outlasts the wait, stores nothing, and recovers', async () => {
    const before = committed().length;
    other.exec('BEGIN IMMEDIATE');
    const answer = await fire(3);
    const stillLocked = other.isTransaction;
    other.exec('COMMIT');
    expect(stillLocked).toBe(true);
    // A transient outage, not a bug: the sender is told to come back, as senders do for 503.
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).toMatch(/^\d+$/);
    expect(answer.csp).toContain('sandbox');
    expect(answer.body.error).toEqual(
      expect.objectContaining({ code: 'store_unavailable', message: expect.any(String) }),
    );
    expect(committed().length).toBe(before);
    expect(committed().some((e) => JSON.parse(e.trigger).body?.n === 3)).toBe(false);
    expect(proc.child.exitCode).toBeNull();
    const after = await fire(4);
    expect(after.status).toBe(202);
    expect(committed().map((e) => e.id)).toContain(after.body.executionId);
  }, 40_000);

  it.each([
    ['a failing statement', 'ABORT'],
    ['a failure that abandons the whole transaction', 'ROLLBACK'],
  ])(
    'answers 503 store_unavailable when the commit fails (%s), stores nothing, and recovers',
    async (_name, how) => {
      other.exec(
        `CREATE TRIGGER refuse_executions BEFORE INSERT ON executions BEGIN SELECT RAISE(${how}, 'disk full (test)'); END`,
      );
      const before = committed().length;
      const answers = await Promise.all([fire(5), fire(6), fire(7)]);
      for (const a of answers) {
        expect(a.status, JSON.stringify(a.body)).toBe(503);
        expect(a.retryAfter).toMatch(/^\d+$/);
        expect(a.body.error).toEqual(
          expect.objectContaining({ code: 'store_unavailable', message: expect.any(String) }),
        );
        expect(JSON.stringify(a.body)).not.toMatch(/at .*\.ts:\d+/); // no stack trace
      }
      expect(committed().length).toBe(before);
      other.exec('DROP TRIGGER refuse_executions');
      expect(proc.child.exitCode).toBeNull();
      const after = await fire(8);
      expect(after.status).toBe(202);
      expect(committed().map((e) => e.id)).toContain(after.body.executionId);
    },
    30_000,
  );

  it('answers 503 store_unavailable on the /test URL when the sample cannot be stored', async () => {
    other.exec(
      "CREATE TRIGGER refuse_samples BEFORE INSERT ON trigger_samples BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END",
    );
    const res = await fetch(`${hook}/test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"n":9}',
    });
    const body = (await res.json()) as { error: { code: string } };
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(body.error.code).toBe('store_unavailable');
    other.exec('DROP TRIGGER refuse_samples');
    expect(proc.child.exitCode).toBeNull();
    const again = await fetch(`${hook}/test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(again.status).toBe(200);
  }, 30_000);
});
