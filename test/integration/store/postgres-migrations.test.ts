// PostgreSQL migrations run at start-up under an advisory lock: processes starting together
// (here: separate connection pools, so separate server sessions) migrate exactly once, and a
// second start on a migrated database changes nothing.
import postgres from 'postgres';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectPostgres } from '../../../server/store/postgres/connect.ts';
import { PG_MIGRATIONS } from '../../../server/store/postgres/migrations.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres.ts';

describe('PostgreSQL migrations', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase('hookflow_migrate');
  });
  afterEach(async () => {
    await db.drop();
  });

  it('applies each migration once when eight starts race on an empty database', async () => {
    const pools = await Promise.all(
      Array.from({ length: 8 }, () => connectPostgres({ url: db.url, maxConnections: 1 })),
    );
    await Promise.all(pools.map((p) => p.end({ timeout: 1 })));
    const again = await connectPostgres({ url: db.url, maxConnections: 1 });
    await again.end({ timeout: 1 });

    const check = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      const rows = await check<{ name: string }[]>`SELECT name FROM schema_migrations ORDER BY name`;
      expect(rows.map((r) => r.name)).toEqual(PG_MIGRATIONS.map((m) => m.name).sort());
      const [t] = await check<{ n: string }[]>`
        SELECT COUNT(*)::text AS n FROM information_schema.tables WHERE table_name = 'executions'`;
      expect(t.n).toBe('1');
    } finally {
      await check.end({ timeout: 1 });
    }
  });
});
