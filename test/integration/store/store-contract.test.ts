// Runs the Store contract against every adapter: sqlite and PostgreSQL always (each test in a
// fresh database, dropped after it; a PostgreSQL that does not answer fails the run); MongoDB
// only when MONGODB_URI is set (no MongoDB server can be installed on the CI machines).
import mongoose from 'mongoose';
import { ulid } from '../../../server/lib/ids.ts';
import { createMongoStore } from '../../../server/store/mongo/mongo-store.ts';
import { createPostgresStore } from '../../../server/store/postgres/postgres-store.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { createTestDatabase } from '../../helpers/postgres.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { describeExecutionHistoryContract } from './execution-history-contract.ts';
import { describeStoreContract, type StoreFactory } from './store-contract.ts';

const sqliteFactory: StoreFactory = async () => {
  const tmp = tempDir();
  const store = createSqliteStore({ dataDir: tmp.dir });
  return {
    store,
    cleanup: async () => {
      await store.close();
      tmp.cleanup();
    },
  };
};
describeStoreContract('sqlite', sqliteFactory);
describeExecutionHistoryContract('sqlite', sqliteFactory);

const postgresFactory: StoreFactory = async () => {
  const db = await createTestDatabase('hookflow_contract');
  const store = await createPostgresStore({ url: db.url });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await db.drop();
    },
  };
};
describeStoreContract('postgres', postgresFactory);
describeExecutionHistoryContract('postgres', postgresFactory);

// MongoDB must be a replica set (saving a workflow with its version is a transaction).
const mongoUri = process.env.MONGODB_URI;
if (mongoUri) {
  const mongoFactory: StoreFactory = async () => {
    const dbName = `hookflow_contract_${ulid().toLowerCase()}`;
    const store = await createMongoStore({ uri: withDatabase(mongoUri, dbName) });
    return {
      store,
      cleanup: async () => {
        const conn = mongoose.createConnection(withDatabase(mongoUri, dbName));
        await conn.asPromise();
        await conn.dropDatabase();
        await conn.close();
        await store.close();
      },
    };
  };
  describeStoreContract('mongo', mongoFactory);
  describeExecutionHistoryContract('mongo', mongoFactory);
}

/** Each test gets its own database on the given server. */
function withDatabase(uri: string, db: string): string {
  const u = new URL(uri);
  u.pathname = `/${db}`;
  return u.toString();
}
