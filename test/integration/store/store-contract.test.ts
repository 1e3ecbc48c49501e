// Runs the Store contract against every adapter reachable here: sqlite always; MongoDB
// only when MONGODB_URI is set (no MongoDB server can be installed on the CI machines).
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
