// The done-when of issue 11 for the integrations (the SaaS APIs and the infrastructure
// servers): no credential value or token derived from one appears in any API response,
// stored byte, log line or export. The SaaS stand-in echoes everything it receives (auth
// headers, URLs with tokens in path or query, bodies) in its answers, and a failing variant of
// each step puts that echo into the error message; the infrastructure steps log into real
// servers with passwords made for the run, and fail once against a closed port.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/redis.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { type Recorded, type StandIn, startStandIn } from '../integrations/stand-in.ts';
import { createWorkflow, putCredential, step, trigger } from './flow-helpers.ts';
import { INFRA_SECRETS, type LeakServers, startLeakServers } from './leak-servers.ts';
import { captureLogs, exportAll, findLeaks, INTEGRATION_TYPES, storedBytes } from './secret-leak-harness.ts';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const SAAS = {
  discord: 'discord+hook=tok_1a2b3c',
  teamsSig: 'teams sig/4d5e+6f7g=',
  telegram: '7012345678:AA tele/gram+8h9i',
  twilio: 'twilio auth/0j1k+2l3m',
  jira: 'jira token/4n5o+6p7q',
  notion: 'ntn_notion/8r9s+0t1u',
  airtable: 'pat airtable/2v3w+4x5y',
  github: 'ghp_github/6z7a+8b9c',
  linear: 'lin_api linear/0d1e+2f3g',
  googleKey: pem,
  // A line from inside the key: a partial copy of it is a leak too.
  googleKeyLine: pem.split('\n')[5],
};
/** Google's token endpoint hands these out: derived at run time, never in the vault. */
const googleToken = (n: number) => `ya29.derived/tok+${n}=x`;

/**
 * A SaaS API that accepts anything and answers with the union of the success shapes the
 * nodes read, or — for a request carrying FAIL-ME — a 400 whose message repeats the request.
 */
function route(state: { issued: number }) {
  return (r: Recorded) => {
    const seen = JSON.stringify({ url: r.path, query: r.query.toString(), headers: r.headers, raw: r.raw });
    if (r.raw.includes('FAIL-ME')) {
      const message = `rejected ${seen}`;
      return {
        status: 400,
        body: { message, code: 400, error: { message, code: 400 }, description: message, errorMessages: [message] },
      };
    }
    if (r.path === '/token') {
      state.issued++;
      return { status: 200, body: { access_token: googleToken(state.issued), expires_in: 3599, token_type: 'Bearer' } };
    }
    const now = '2025-01-01T00:00:00.000Z';
    return {
      status: 200,
      body: {
        id: '1100000000000000001',
        channel_id: '987',
        timestamp: now,
        number: 1347,
        url: 'https://example.com/1347',
        html_url: 'https://example.com/1347',
        key: 'OPS-42',
        self: 'https://example.com/rest/api/3/issue/10042',
        object: 'page',
        created_time: now,
        ok: true,
        result: { message_id: 42, date: 1700000000, chat: { id: 1, type: 'group' }, text: 'x' },
        sid: `SM${'b2'.repeat(16)}`,
        status: 'queued',
        records: [{ id: 'rec1', createdTime: now, fields: {} }],
        createdRecords: ['rec1'],
        updatedRecords: [],
        data: {
          issueCreate: { success: true, issue: { id: 'a1', identifier: 'ENG-1', title: 't', url: 'https://x' } },
        },
        updates: { spreadsheetId: 's', updatedRange: 'A1:C1', updatedRows: 1, updatedColumns: 3, updatedCells: 3 },
      },
    };
  };
}

describe('secrets never leak from the integrations', () => {
  let hf: TestHookflow;
  let api: StandIn;
  let servers: LeakServers;
  const google = { issued: 0 };
  const logLines: string[] = [];
  const responses: string[] = [];
  const get = async (p: string) => {
    const res = await hf.api(p);
    responses.push(JSON.stringify(res.body));
    return res.body;
  };

  beforeAll(async () => {
    api = await startStandIn(route(google), { echo: true });
    servers = await startLeakServers();
    hf = await startHookflow({ LOG_LEVEL: 'debug' }, { logger: captureLogs(logLines) });
    const u = api.url;
    const creds: Record<string, [string, Record<string, unknown>]> = {
      discord: ['discordWebhook', { url: `${u}/api/webhooks/1234567890/${SAAS.discord}` }],
      teams: [
        'teamsWebhook',
        { url: `${u}/workflows/abc/triggers/manual/paths/invoke?sig=${encodeURIComponent(SAAS.teamsSig)}` },
      ],
      tg: ['telegramBot', { botToken: SAAS.telegram, baseUrl: u }],
      twilio: ['twilio', { accountSid: `AC${'a1'.repeat(16)}`, authToken: SAAS.twilio, baseUrl: u }],
      jira: ['jiraCloud', { siteUrl: u, email: 'ops@acme.example', apiToken: SAAS.jira }],
      notion: ['notion', { token: SAAS.notion, baseUrl: u }],
      at: ['airtable', { token: SAAS.airtable, baseUrl: u }],
      gh: ['github', { token: SAAS.github, baseUrl: u }],
      linear: ['linear', { apiKey: SAAS.linear, baseUrl: u }],
      gsa: [
        'googleServiceAccount',
        { clientEmail: 'hookflow@acme.iam.gserviceaccount.com', tokenUrl: `${u}/token`, baseUrl: u, privateKey: pem },
      ],
    };
    // Each server's credential again with a closed port: the connection error must not carry it.
    for (const [name, [type, data]] of Object.entries(servers.credentials)) {
      creds[name] = [type, data];
      creds[`${name}-down`] = [type, { ...data, port: await freePort() }];
    }
    for (const [name, [type, data]] of Object.entries(creds)) await putCredential(hf, name, type, data);
  }, 60_000);
  afterAll(async () => {
    await hf?.close();
    await api?.close();
    await servers?.stop();
  });

  it('keeps every credential and derived token out of API responses, stored bytes, logs and exports', async () => {
    const saas: [string, string, string, Record<string, unknown>][] = [
      ['dc', 'discord.sendMessage', 'discord', { content: 'TEXT' }],
      ['tm', 'teams.postMessage', 'teams', { text: 'TEXT' }],
      ['tg', 'telegram.sendMessage', 'tg', { chatId: 1, text: 'TEXT' }],
      ['tw', 'twilio.sendSms', 'twilio', { to: '+14155550100', from: '+15005550006', body: 'TEXT' }],
      ['gi', 'github.createIssue', 'gh', { owner: 'acme', repo: 'shop', title: 'TEXT' }],
      ['gc', 'github.createComment', 'gh', { owner: 'acme', repo: 'shop', issueNumber: 1, body: 'TEXT' }],
      ['ji', 'jira.createIssue', 'jira', { projectKey: 'OPS', issueType: 'Bug', summary: 'TEXT' }],
      ['no', 'notion.createDatabasePage', 'notion', { databaseId: 'd9824bdc84454327be8b5b47500af6ce', title: 'TEXT' }],
      ['ac', 'airtable.createRecord', 'at', { baseId: 'appABCDEFGHIJ1234', table: 'Orders', fields: { N: 'TEXT' } }],
      [
        'au',
        'airtable.upsertRecord',
        'at',
        { baseId: 'appABCDEFGHIJ1234', table: 'Orders', fields: { N: 'TEXT' }, mergeOn: ['N'] },
      ],
      [
        'gs',
        'googleSheets.appendRow',
        'gsa',
        { spreadsheetId: '1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms', range: 'Orders!A:C', values: ['TEXT', 1] },
      ],
      ['li', 'linear.createIssue', 'linear', { teamId: 'team-1', title: 'TEXT' }],
    ];
    const infra: [string, string, string, Record<string, unknown>][] = [
      ['pi', 'postgres.insert', 'pg', { table: servers.pgTable, rows: { id: '=execution.id', note: 'n' } }],
      ['pq', 'postgres.query', 'pg', { query: `select count(*)::int as n from ${servers.pgTable}` }],
      ['my', 'mysql.query', 'my', { query: 'select 1 as one' }],
      ['rs', 'redis.set', 'rd', { key: '="leak:" & execution.id', value: 'v', ttlSeconds: 60 }],
      ['rp', 'redis.publish', 'rd', { channel: 'leak', message: 'm' }],
      ['rx', 'redis.xadd', 'rd', { stream: 'leak:s', fields: { a: '1' } }],
      ['mq', 'rabbitmq.publish', 'mq', { exchange: 'amq.topic', routingKey: 'leak.x', message: { a: 1 } }],
      ['na', 'nats.publish', 'nats', { subject: 'leak.x', message: { a: 1 }, jetstream: false }],
      ['mt', 'mqtt.publish', 'mqtt', { topic: 'leak/x', message: { a: 1 } }],
    ];
    const once = { attempts: 1 };
    const steps: Record<string, unknown>[] = [];
    const failing: string[] = [];
    for (const [id, type, credential, params] of saas) {
      const text = (v: string) => (p: Record<string, unknown>) =>
        JSON.parse(JSON.stringify(p).replaceAll('TEXT', v)) as Record<string, unknown>;
      steps.push({ id, type, credential, params: text('hello')(params) });
      steps.push({ id: `${id}_fail`, type, credential, retry: once, params: text('FAIL-ME')(params) });
      failing.push(`${id}_fail`);
    }
    for (const [id, type, credential, params] of infra) {
      steps.push({ id, type, credential, params });
      steps.push({ id: `${id}_down`, type, credential: `${credential}-down`, retry: once, params });
      failing.push(`${id}_down`);
    }
    const handlers = failing.map((id) => ({
      id: `${id}_h`,
      type: 'transform',
      params: { expression: `steps.${id}.error` },
    }));
    // This file covers its list of node types; the first leak test checks the registry.
    expect(new Set(steps.map((s) => s.type))).toEqual(new Set(INTEGRATION_TYPES));

    const triggerUrl = await createWorkflow(hf, {
      id: 'every-integration',
      steps: [...steps, ...handlers],
      edges: [
        ...steps.map((s) => ({ from: 'trigger', to: s.id as string })),
        ...failing.map((id) => ({ from: id, to: `${id}_h`, branch: 'error' })),
      ],
    });
    // Twice: the second run takes Google's token from the cache.
    const execs = [];
    for (const n of [1, 2]) {
      const id = await trigger(triggerUrl, { n });
      const deadline = Date.now() + 30_000;
      let exec = await get(`/api/executions/${id}`);
      while (!['succeeded', 'failed'].includes(exec.status) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        exec = await get(`/api/executions/${id}`);
      }
      const failed = exec.steps.filter((s: { status: string }) => s.status === 'failed');
      expect(failed.map((s: { key: string }) => s.key).sort(), JSON.stringify(failed)).toEqual([...failing].sort());
      expect(exec.status).toBe('succeeded');
      execs.push(exec);
    }
    for (const p of [
      '/api/executions',
      '/api/credentials',
      '/api/workflows',
      '/api/workflows/every-integration',
      '/api/workflows/every-integration/versions',
      '/api/audit',
    ]) {
      await get(p);
    }
    for (const c of (await get('/api/credentials')).items) await get(`/api/credentials/${c.name}`);
    for (const e of execs) for (const s of e.steps) responses.push(JSON.stringify(s));
    const exported = await exportAll(hf);
    expect(exported.join('\n')).toContain('every-integration');
    const stored = storedBytes(hf.dataDir);
    expect(stored.join('').length).toBeGreaterThan(0);
    expect(logLines.length).toBeGreaterThan(0);

    const secrets: Record<string, string> = { ...SAAS, ...INFRA_SECRETS, adminApiKey: hf.apiKey ?? '' };
    for (let n = 1; n <= google.issued; n++) secrets[`googleToken${n}`] = googleToken(n);
    const leaks = findLeaks(secrets, [
      ['API response', responses],
      ['export', exported],
      ['stored bytes', stored],
      ['log line', logLines],
    ]);
    expect(leaks).toEqual([]);
    // The stand-in did echo the secrets back, and the failing steps carry that echo: the
    // scrub is what keeps them out.
    expect(google.issued).toBeGreaterThan(0);
    for (const id of saas.map(([id]) => `${id}_fail`)) expect(step(execs[0], id).error.message).toContain('rejected');
    expect(step(execs[0], 'gs_fail').error.message).toContain('[redacted]');
  }, 90_000);
});
