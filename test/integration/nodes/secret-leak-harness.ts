// Shared by the secrets-never-leak tests: the forms a secret can take, the places that are
// searched (API responses, exports, raw stored bytes, log lines), and the search itself.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { expect } from 'vitest';
import { createApiClient } from '../../../server/cli/api-client.ts';
import { exportCommand } from '../../../server/cli/commands/export.ts';
import type { TestHookflow } from '../../helpers/start-hookflow.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/**
 * The credentialed node types secrets-never-leak-integrations.test.ts runs; the first test
 * runs the rest, and together they must cover the whole registry.
 */
export const INTEGRATION_TYPES = [
  'discord.sendMessage',
  'teams.postMessage',
  'telegram.sendMessage',
  'twilio.sendSms',
  'github.createIssue',
  'github.createComment',
  'jira.createIssue',
  'notion.createDatabasePage',
  'airtable.createRecord',
  'airtable.upsertRecord',
  'googleSheets.appendRow',
  'linear.createIssue',
  'postgres.query',
  'postgres.insert',
  'mysql.query',
  'redis.set',
  'redis.publish',
  'redis.xadd',
  'rabbitmq.publish',
  'nats.publish',
  'mqtt.publish',
];

/** Every form a secret can take in what is stored or logged. */
export function forms(secret: string): string[] {
  const bytes = Buffer.from(secret);
  const out = new Set([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    bytes.toString('base64'),
    bytes.toString('base64url'),
  ]);
  // Inside a longer base64 text (Basic user:pass, SMTP AUTH PLAIN) at each byte alignment:
  // the characters that encode the secret's bits alone.
  for (let k = 1; k < 3; k++) {
    const b64 = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    out.add(b64.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6)));
  }
  // API responses and stored rows are JSON, and an echoed body may be JSON inside a JSON
  // string: look for each form escaped once and twice as well.
  const jsonEscape = (f: string) => JSON.stringify(f).slice(1, -1);
  return [...out].flatMap((f) => [f, jsonEscape(f), jsonEscape(jsonEscape(f))]);
}

/** A pino logger at debug level whose lines land in `lines`. */
export function captureLogs(lines: string[]) {
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      cb();
    },
  });
  return pino({ level: 'debug' }, sink);
}

/** The CLI export of every workflow: the files written and the lines printed. */
export async function exportAll(hf: TestHookflow): Promise<string[]> {
  const out = tempDir('hookflow-export-');
  const exported: string[] = [];
  try {
    const io = { out: (l: string) => exported.push(l), err: (l: string) => exported.push(l) };
    expect(await exportCommand(createApiClient(hf.url, hf.apiKey), { ids: [], all: true, out: out.dir }, io)).toBe(0);
    for (const f of readdirSync(out.dir)) exported.push(readFileSync(path.join(out.dir, f), 'utf8'));
  } finally {
    out.cleanup();
  }
  return exported;
}

/** The raw bytes the store wrote (database, WAL): everything under DATA_DIR but the vault key. */
export function storedBytes(dataDir: string): string[] {
  const stored: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name !== 'encryption.key') stored.push(readFileSync(full).toString('latin1'));
    }
  };
  walk(dataDir);
  return stored;
}

/** Each secret in each of its forms, wherever it was found. */
export function findLeaks(secrets: Record<string, string>, places: [string, string[]][]): string[] {
  const leaks: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    expect(secret.length, name).toBeGreaterThan(8);
    for (const form of forms(secret)) {
      for (const [where, texts] of places) {
        if (texts.some((t) => t.includes(form))) leaks.push(`${name} as ${JSON.stringify(form)} in a ${where}`);
      }
    }
  }
  return leaks;
}
