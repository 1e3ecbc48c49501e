// Run as a separate process by alert-slots-across-processes.test.ts: opens the shared SQLite
// file, waits for the common start time, claims the same alert slot `count` times at once
// and prints the claims as JSON.
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';

const [dataDir, startAt, count] = process.argv.slice(2);
const store = createSqliteStore({ dataDir });
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
const claims = await Promise.all(
  Array.from({ length: Number(count) }, () =>
    store.claimAlertSlot({ workflowId: 'shared', signature: 'crm:http_500' }, 3_600_000),
  ),
);
await store.close();
process.stdout.write(JSON.stringify(claims));
