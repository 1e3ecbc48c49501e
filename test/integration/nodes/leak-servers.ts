// The real servers the secrets-never-leak-integrations test logs into, each with a user and a
// distinctive password made for the run (as the integrations' own tests make theirs), and a
// cleanup that removes them: PostgreSQL, MariaDB, Redis, RabbitMQ, Mosquitto and NATS.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connect as natsConnect } from '@nats-io/transport-node';
import mqtt from 'mqtt';
import mysql from 'mysql2/promise';
import postgres from 'postgres';
import { createTestDatabase } from '../../helpers/postgres.ts';
import { freePort, startRedis } from '../../helpers/redis.ts';

const run = randomBytes(4).toString('hex');
/** Characters URL, base64 and JSON encodings change, so an encoded copy differs from the raw one. */
export const INFRA_SECRETS = {
  postgres: `pg pass/${run}+1a2b=3c`,
  mysql: `my pass/${run}+4d5e=6f`,
  redis: `rd pass/${run}+7g8h=9i`,
  rabbitmq: `mq pass/${run}+0j1k=2l`,
  mqtt: `mqtt pass/${run}+3m4n=5o`,
  nats: `nats pass/${run}+6p7q=8r`,
};

export type LeakServers = {
  /** Credential name → [type, data]. */
  credentials: Record<string, [string, Record<string, unknown>]>;
  pgTable: string;
  stop: () => Promise<void>;
};

const execFileP = promisify(execFile);

async function until(what: string, probe: () => Promise<unknown>) {
  for (let i = 0; ; i++) {
    try {
      return await probe();
    } catch (err) {
      if (i > 100) throw new Error(`${what} did not start: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export async function startLeakServers(): Promise<LeakServers> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const credentials: LeakServers['credentials'] = {};
  const stop = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    // PostgreSQL: a login role with the password, owning a fresh database.
    const db = await createTestDatabase('hookflow_leak');
    cleanups.push(() => db.drop());
    const pg = postgres(db.url, { max: 1, onnotice: () => {} });
    const role = `hft_leak_${run}`;
    await pg.unsafe(`create role ${role} login password '${INFRA_SECRETS.postgres}'`);
    await pg.unsafe(`create table leak_orders (id text primary key, note text)`);
    await pg.unsafe(`grant all on leak_orders to ${role}`);
    cleanups.push(async () => {
      await pg.unsafe(`drop table if exists leak_orders`);
      await pg.unsafe(`drop owned by ${role}`).catch(() => undefined);
      await pg.end({ timeout: 1 });
      const admin = postgres(db.url.replace(/\/[^/]*$/, '/postgres'), { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop role if exists ${role}`).finally(() => admin.end({ timeout: 1 }));
    });
    const { hostname, port } = new URL(db.url);
    credentials.pg = [
      'postgres',
      {
        host: hostname,
        port: Number(port),
        database: db.name,
        user: role,
        password: INFRA_SECRETS.postgres,
        ssl: 'disable',
      },
    ];

    // MariaDB: a user with the password, granted a fresh database.
    const myHost = process.env.TEST_MYSQL_HOST ?? '127.0.0.1';
    const myPort = Number(process.env.TEST_MYSQL_PORT ?? 3306);
    const my = await mysql.createConnection({
      host: myHost,
      port: myPort,
      user: 'root',
      password: process.env.TEST_MYSQL_PASSWORD ?? '',
    });
    const myDb = `hookflow_leak_${run}`;
    const myUser = `hft_leak_${run}`;
    await my.query(`create database ${myDb}`);
    await my.query(`create user '${myUser}'@'%' identified by '${INFRA_SECRETS.mysql}'`);
    await my.query(`grant all on ${myDb}.* to '${myUser}'@'%'`);
    cleanups.push(async () => {
      await my.query(`drop database if exists ${myDb}`);
      await my.query(`drop user if exists '${myUser}'@'%'`);
      await my.end();
    });
    credentials.my = [
      'mysql',
      { host: myHost, port: myPort, database: myDb, user: myUser, password: INFRA_SECRETS.mysql, ssl: 'disable' },
    ];

    // Redis: an own redis-server that requires the password.
    const redis = await startRedis({ ownServer: true });
    cleanups.push(() => redis.stop());
    const { Redis } = await import('ioredis');
    const direct = new Redis(redis.url);
    await direct.config('SET', 'requirepass', INFRA_SECRETS.redis);
    direct.disconnect();
    credentials.rd = [
      'redis',
      { host: '127.0.0.1', port: Number(new URL(redis.url).port), password: INFRA_SECRETS.redis, db: 3 },
    ];

    // RabbitMQ: a user made for the run, allowed on the default vhost.
    const mqUser = `hft_leak_${run}`;
    await execFileP('rabbitmqctl', ['add_user', mqUser, INFRA_SECRETS.rabbitmq]);
    cleanups.push(() => execFileP('rabbitmqctl', ['delete_user', mqUser]));
    await execFileP('rabbitmqctl', ['set_permissions', '-p', '/', mqUser, '.*', '.*', '.*']);
    credentials.mq = [
      'rabbitmq',
      {
        host: process.env.TEST_AMQP_HOST ?? '127.0.0.1',
        port: Number(process.env.TEST_AMQP_PORT ?? 5672),
        username: mqUser,
        password: INFRA_SECRETS.rabbitmq,
      },
    ];

    // Mosquitto and NATS: own servers that admit only the user with the password.
    const dir = mkdtempSync(join(tmpdir(), 'hft-leak-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const mqttPort = await freePort();
    const passwd = join(dir, 'passwd');
    writeFileSync(passwd, '');
    await execFileP('mosquitto_passwd', ['-b', passwd, 'hft', INFRA_SECRETS.mqtt]);
    const conf = join(dir, 'mosquitto.conf');
    writeFileSync(
      conf,
      `listener ${mqttPort} 127.0.0.1\nallow_anonymous false\npassword_file ${passwd}\npersistence false\n`,
    );
    chmodSync(dir, 0o755);
    chmodSync(passwd, 0o644);
    const mosquitto = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
    cleanups.push(async () => mosquitto.kill('SIGKILL'));
    await until('mosquitto', async () => {
      const c = await mqtt.connectAsync(
        `mqtt://127.0.0.1:${mqttPort}`,
        { username: 'hft', password: INFRA_SECRETS.mqtt, reconnectPeriod: 0, connectTimeout: 1000 },
        false,
      );
      await c.endAsync();
    });
    credentials.mqtt = ['mqtt', { host: '127.0.0.1', port: mqttPort, username: 'hft', password: INFRA_SECRETS.mqtt }];

    const natsPort = await freePort();
    const nats = spawn(
      'nats-server',
      ['-a', '127.0.0.1', '-p', String(natsPort), '--user', 'hft', '--pass', INFRA_SECRETS.nats],
      {
        stdio: 'ignore',
      },
    );
    cleanups.push(async () => nats.kill('SIGKILL'));
    await until('nats-server', async () =>
      (
        await natsConnect({ servers: `127.0.0.1:${natsPort}`, user: 'hft', pass: INFRA_SECRETS.nats, timeout: 1000 })
      ).close(),
    );
    credentials.nats = ['nats', { host: '127.0.0.1', port: natsPort, user: 'hft', password: INFRA_SECRETS.nats }];
    return { credentials, pgTable: 'leak_orders', stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
