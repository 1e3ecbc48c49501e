// The bench on the PostgreSQL store (DATABASE_URL), in a fresh database per configuration:
// ingest and end-to-end with the in-process queue (one process), then with BullMQ (1 api +
// 2 workers, each with its own DATA_DIR: only PostgreSQL and Redis are shared). Figures are
// given as ratios of the floor measured earlier in the same run.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startCluster } from '../helpers/cluster.ts';
import { NODE_FLAGS } from '../helpers/node-flags.ts';
import { createTestDatabase } from '../helpers/postgres.ts';
import { type LoadResult, ROOT, runLoad, startChild } from './processes.ts';
import {
  type Api,
  BODY,
  CONNECTIONS,
  deploy,
  drain,
  type EndToEnd,
  fmt,
  ingestWorkflow,
  warmedEndToEnd,
} from './scenarios.ts';

export type PostgresBenchOptions = {
  work: string;
  redisUrl: string;
  apiKey: string;
  floorRps: number;
  duration: number;
  e2eCount: number;
};

type Figures = { ingest: LoadResult; ingestRatio: number; e2e: EndToEnd; e2eRatio: number };

const ENCRYPTION_KEY = 'b'.repeat(64);

export async function postgresBench(o: PostgresBenchOptions): Promise<{ embedded: Figures; bullmq: Figures }> {
  const auth = { authorization: `Bearer ${o.apiKey}` };
  // The 40 % ingest budget is the one-process store's (README, Performance). The BullMQ
  // split runs three Node processes, Redis and PostgreSQL on the same two cores; its figures
  // are printed without a target.
  const measure = async (api: Api, pids: number[], label: string, target?: string): Promise<Figures> => {
    const url = await deploy(api, ingestWorkflow());
    await runLoad({ url, connections: CONNECTIONS, duration: 2, body: BODY });
    await drain(api);
    const ingest = await runLoad({ url, connections: CONNECTIONS, duration: o.duration, body: BODY });
    await drain(api);
    const e2e = await warmedEndToEnd(api, o.e2eCount, pids);
    const figures = { ingest, ingestRatio: ingest.rps / o.floorRps, e2e, e2eRatio: e2e.perSecond / o.floorRps };
    console.log(`PostgreSQL, ${label}: ingest ${fmt(ingest)}`);
    console.log(
      `            ratio ingest / floor ${(figures.ingestRatio * 100).toFixed(1)} %${target ? ` (target ${target})` : ''}; end-to-end ${Math.round(e2e.perSecond)} executions/s (${o.e2eCount} in ${e2e.seconds.toFixed(2)} s), ${(figures.e2eRatio * 100).toFixed(1)} % of the floor, ${e2e.cpuMsPerExecution.toFixed(3)} CPU ms per execution\n`,
    );
    return figures;
  };

  const embeddedDb = await createTestDatabase('hookflow_bench');
  let embedded: Figures;
  try {
    const dir = path.join(o.work, 'pg-embedded');
    mkdirSync(path.join(dir, 'workflows'), { recursive: true });
    const proc = await startChild(
      [...NODE_FLAGS, path.join(ROOT, 'server', 'main.ts')],
      {
        PORT: '0',
        HOST: '127.0.0.1',
        ADMIN_API_KEY: o.apiKey,
        DATA_DIR: dir,
        WORKFLOWS_DIR: path.join(dir, 'workflows'),
        DATABASE_URL: embeddedDb.url,
        ENCRYPTION_KEY,
        LOG_LEVEL: 'info',
        SSRF_ALLOW: '127.0.0.1',
        RETENTION_INTERVAL_MS: '3600000',
      },
      (m) => typeof m.msg === 'string' && m.msg.startsWith('Hookflow listening'),
    );
    try {
      const api = { base: `http://127.0.0.1:${proc.msg.port}`, auth };
      embedded = await measure(api, [proc.child.pid as number], 'one process, in-process queue', '≥ 40 %');
    } finally {
      await proc.stop();
    }
  } finally {
    await embeddedDb.drop();
  }

  const clusterDb = await createTestDatabase('hookflow_bench');
  let bullmq: Figures;
  try {
    const cluster = await startCluster({
      workers: 2,
      dataDirPerProcess: true,
      redisUrl: o.redisUrl,
      redisPrefix: 'benchpg',
      dataDir: path.join(o.work, 'pg-cluster'),
      env: {
        ADMIN_API_KEY: o.apiKey,
        DATABASE_URL: clusterDb.url,
        ENCRYPTION_KEY,
        SSRF_ALLOW: '127.0.0.1',
        LOG_LEVEL: 'warn',
        RETENTION_INTERVAL_MS: '3600000',
      },
    });
    try {
      const pids = [cluster.api, ...cluster.workers].map((p) => p.child.pid as number);
      bullmq = await measure({ base: cluster.url, auth }, pids, '1 api + 2 workers on BullMQ');
    } finally {
      await cluster.stop();
    }
  } finally {
    await clusterDb.drop();
  }
  return { embedded, bullmq };
}
