// Runs the Store contract against every adapter reachable here: sqlite always; MongoDB
// only when MONGODB_URI is set (no MongoDB server can be installed on the CI machines).
import mongoose from 'mongoose';
import { ulid } from '../../../server/lib/ids.ts';
import { createMongoStore } from '../../../server/store/mongo/mongo-store.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { describeStoreContract } from './store-contract.ts';

describeStoreContract('sqlite', async () => {
  const tmp = tempDir();
  const store = createSqliteStore({ dataDir: tmp.dir });
  return {
    store,
    cleanup: async () => {
      await store.close();
      tmp.cleanup();
    },
  };
});

// MongoDB must be a replica set (saving a workflow with its version is a transaction).
const mongoUri = process.env.MONGODB_URI;
if (mongoUri) {
  describeStoreContract('mongo', async () => {
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
  });
}

/** Each test gets its own database on the given server. */
function withDatabase(uri: string, db: string): string {
  const u = new URL(uri);
  u.pathname = `/${db}`;
  return u.toString();
}
