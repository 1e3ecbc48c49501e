// Failure alerts against real receivers: a local HTTP receiver for webhook alerts and a real
// SMTP server for e-mail, both on loopback; the failing third party is a local sink that
// answers 500. De-duplication goes through the real store.
import { Writable } from 'node:stream';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleValue } from '../../helpers/prometheus.ts';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { type ReceivedMail, startSmtp, type TestSmtp } from '../../helpers/smtp.ts';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';
import { until as waitUntil } from '../../helpers/until.ts';
import { createWorkflow, putCredential, trigger } from '../nodes/flow-helpers.ts';

/** The waits here keep the 15 s bound they had (the shared helper's default is 10 s). */
const until = (what: string, check: () => boolean | Promise<boolean>) => waitUntil(what, check, 15_000);

const SECRET = `whsec_${Buffer.from('alert-signing-secret-32-bytes!!!').toString('base64')}`;
const SMTP_PASSWORD = 'smtp-pass-alerts-9c8b7a';

describe('failure alerts', () => {
  let hf: TestHookflow;
  let failing: Sink;
  let receiver: Sink;
  let smtp: TestSmtp;
  let mails: ReceivedMail[] = [];
  const logs: Record<string, unknown>[] = [];

  const alertCount = async (channel: string, outcome: string) => {
    const m = await hf.metrics.alerts.get();
    return m.values.find((v) => v.labels.channel === channel && v.labels.outcome === outcome)?.value ?? 0;
  };

  beforeAll(async () => {
    smtp = await startSmtp({ username: 'alerts', password: SMTP_PASSWORD });
    mails = smtp.mails;
    failing = await startSink();
    failing.reply = () => ({ status: 500, body: { message: 'upstream exploded' } });
    receiver = await startSink();
    receiver.reply = () => ({ status: 204, body: '' });
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(l));
        done();
      },
    });
    hf = await startHookflow({}, { logger: pino({ level: 'info' }, stream) });
    await putCredential(hf, 'alert-signing', 'hmac', { secret: SECRET });
    await putCredential(hf, 'alert-smtp', 'smtp', {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      username: 'alerts',
      password: SMTP_PASSWORD,
    });
  });
  afterAll(async () => {
    await hf.close();
    await failing.close();
    await receiver.close();
    await smtp.close();
  });

  const flaky = (dedupeWindow: string) => ({
    id: 'flaky-crm',
    name: 'Flaky CRM sync',
    steps: [
      {
        id: 'crm',
        type: 'http.request',
        params: { method: 'POST', url: `${failing.url}/contacts`, body: '=trigger.body' },
        retry: { attempts: 1 },
      },
    ],
    edges: [{ from: 'trigger', to: 'crm' }],
    settings: {
      alerts: {
        channels: [
          { type: 'webhook', url: `${receiver.url}/ops/alerts?token=abc`, credential: 'alert-signing' },
          { type: 'email', to: ['ops@example.com'], credential: 'alert-smtp' },
        ],
        dedupeWindow,
      },
    },
  });

  it('20 failures send one webhook and one e-mail; after the window the next says how many were suppressed', async () => {
    const url = await createWorkflow(hf, flaky('1h'));
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => trigger(url, { n: i, email: 'a@b.example' })));
    const finals = await Promise.all(ids.map((id) => waitForExecution(hf, id)));
    expect(finals.every((e) => e.status === 'failed' && e.error.code === 'http_500')).toBe(true);
    await until('20 alert decisions', async () => {
      return (await alertCount('webhook', 'sent')) + (await alertCount('webhook', 'suppressed')) === 20;
    });
    await until('the e-mail', () => mails.length >= 1);
    // The SMTP server has the mail before the sender hears its 250 and counts it as sent.
    await until('the e-mail counted', async () => (await alertCount('email', 'sent')) >= 1);
    expect(await alertCount('webhook', 'sent')).toBe(1);
    expect(await alertCount('email', 'sent')).toBe(1);
    expect(await alertCount('email', 'suppressed')).toBe(19);
    expect(receiver.requests).toHaveLength(1);
    expect(mails).toHaveLength(1);

    const [req] = receiver.requests;
    expect(req.url).toBe('/ops/alerts?token=abc');
    const headers = {
      'webhook-id': String(req.headers['webhook-id']),
      'webhook-timestamp': String(req.headers['webhook-timestamp']),
      'webhook-signature': String(req.headers['webhook-signature']),
    };
    const alert = new Webhook(SECRET).verify(req.body, headers) as any;
    expect(ids).toContain(alert.data.execution.id);
    expect(headers['webhook-id']).toBe(`alert_${alert.data.execution.id}`);
    expect(alert).toMatchObject({
      type: 'execution.failed',
      data: {
        workflow: { id: 'flaky-crm', name: 'Flaky CRM sync', version: 1 },
        execution: { url: `${hf.url}/workflows/flaky-crm/executions/${alert.data.execution.id}` },
        error: { stepId: 'crm', code: 'http_500' },
        suppressed: null,
        dedupeWindowMs: 3_600_000,
      },
    });
    expect(alert.data).not.toHaveProperty('input');
    expect(alert.summary).toMatch(/^Workflow "Flaky CRM sync" failed at step "crm" \(http_500\): /);
    const mail = mails[0];
    expect(mail.to).toEqual(['ops@example.com']);
    expect(mail.from).toBe('hookflow@127.0.0.1');
    expect(mail.raw).toMatch(/Subject: \[Hookflow\] Flaky CRM sync failed at crm/);
    expect(mail.raw.replace(/=\r?\n/g, '')).toContain(`/workflows/flaky-crm/executions/${alert.data.execution.id}`);
    for (const text of [req.body, mail.raw]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(Buffer.from('alert-signing-secret-32-bytes!!!').toString('base64'));
      expect(text).not.toContain(SMTP_PASSWORD);
      expect(text).not.toContain('/hooks/');
    }

    // Shorten the window; once it has passed since the first alert, the next failure alerts again.
    const put = await hf.api('/api/workflows/flaky-crm', {
      method: 'PUT',
      body: { trigger: { type: 'webhook', methods: ['POST'] }, ...flaky('300ms') },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const firstAt = Date.now();
    await until('the 300ms window', () => Date.now() - firstAt >= 300);
    const next = await waitForExecution(hf, await trigger(url, { n: 21 }));
    expect(next.status).toBe('failed');
    await receiver.waitFor(2);
    await until('the second e-mail', () => mails.length >= 2);
    const second = receiver.requests[1].json as any;
    expect(second.data.execution.id).toBe(next.id);
    expect(second.data.suppressed.count).toBe(19);
    expect(Date.parse(second.data.suppressed.since)).toBeLessThan(Date.parse(second.data.execution.failedAt));
    expect(second.summary).toMatch(/And 19 more failures since /);
    expect(mails[1].raw).toMatch(/Subject: \[Hookflow\] Flaky CRM sync failed at crm \(\+19 more\)/);

    await until('the second alert counted', async () => (await alertCount('webhook', 'sent')) >= 2);
    const metrics = await (
      await fetch(`${hf.url}/metrics`, { headers: { authorization: `Bearer ${hf.apiKey}` } })
    ).text();
    expect(sampleValue(metrics, 'hookflow_alerts_total', { channel: 'webhook', outcome: 'sent' })).toBe(2);
    expect(sampleValue(metrics, 'hookflow_alerts_total', { channel: 'webhook', outcome: 'suppressed' })).toBe(19);
  });

  it('a succeeding execution sends nothing; a failing one of the same workflow does', async () => {
    receiver.requests.length = 0;
    const url = await createWorkflow(hf, {
      id: 'guarded',
      steps: [
        { id: 'check', type: 'if', params: { condition: '=trigger.body.ok' } },
        { id: 'stop', type: 'fail', params: { message: 'payload not ok', code: 'not_ok' } },
      ],
      edges: [
        { from: 'trigger', to: 'check' },
        { from: 'check', to: 'stop', branch: 'false' },
      ],
      settings: { alerts: { channels: [{ type: 'webhook', url: `${receiver.url}/guarded` }], includeInput: true } },
    });
    const ok = await waitForExecution(hf, await trigger(url, { ok: true }));
    expect(ok.status).toBe('succeeded');
    const bad = await waitForExecution(hf, await trigger(url, { ok: false }));
    expect(bad.status).toBe('failed');
    await receiver.waitFor(1);
    // Alerts go out in order of failure; give a stray one for `ok` the same chance to arrive.
    await until('the alert decision', async () => (await alertCount('webhook', 'sent')) >= 3);
    expect(receiver.requests).toHaveLength(1);
    const alert = receiver.requests[0].json as any;
    expect(alert.data.execution.id).toBe(bad.id);
    expect(alert.data.error).toEqual({ stepId: 'stop', code: 'not_ok', message: 'payload not ok' });
    expect(alert.data.input).toEqual({ body: { ok: false }, query: {} });
    expect(receiver.requests[0].headers['webhook-signature']).toBeUndefined();
  });

  it('a broken alert channel leaves the execution as it was and is logged', async () => {
    const down = await startSink();
    await down.close();
    receiver.requests.length = 0;
    receiver.reply = () => ({ status: 503, body: 'maintenance' });
    await putCredential(hf, 'smtp-down', 'smtp', { host: '127.0.0.1', port: 1, security: 'none' });
    const failedBefore = await alertCount('webhook', 'failed');
    const url = await createWorkflow(hf, {
      id: 'broken-alerts',
      steps: [{ id: 'stop', type: 'fail', params: { message: 'nope', code: 'nope' } }],
      edges: [{ from: 'trigger', to: 'stop' }],
      settings: {
        alerts: {
          channels: [
            { type: 'webhook', url: `${down.url}/secret-path` },
            { type: 'webhook', url: `${receiver.url}/busy` },
            { type: 'email', to: ['ops@example.com'], credential: 'smtp-down' },
          ],
        },
      },
    });
    const exec = await waitForExecution(hf, await trigger(url, {}));
    await until('three failed deliveries', async () => {
      return (
        (await alertCount('webhook', 'failed')) - failedBefore === 2 && (await alertCount('email', 'failed')) === 1
      );
    });
    const after = (await hf.api(`/api/executions/${exec.id}`)).body;
    expect(after.status).toBe('failed');
    expect(after.error).toEqual({ stepId: 'stop', code: 'nope', message: 'nope' });
    expect(after.finishedAt).toBe(exec.finishedAt);
    const lines = logs.filter((l) => l.msg === 'failure alert could not be sent' && l.executionId === exec.id);
    expect(lines.map((l) => l.target).sort()).toEqual([down.url, receiver.url, 'ops@example.com'].sort());
    expect(lines.find((l) => l.target === receiver.url)?.reason).toBe('alert receiver answered 503');
    expect(JSON.stringify(lines)).not.toContain('secret-path');
    receiver.reply = () => ({ status: 204, body: '' });
  });

  it('rejects a workflow with a bad alert channel and stores nothing', async () => {
    const res = await hf.api('/api/workflows', {
      body: {
        id: 'bad-alerts',
        name: 'bad',
        trigger: { type: 'webhook' },
        steps: [{ id: 's', type: 'transform', params: { expression: '1' } }],
        edges: [{ from: 'trigger', to: 's' }],
        settings: { alerts: { channels: [{ type: 'webhook', url: 'not a url' }], dedupeWindow: '15 minutes' } },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((p: { pointer: string }) => p.pointer)).toEqual(
      expect.arrayContaining(['/settings/alerts/channels/0/url', '/settings/alerts/dedupeWindow']),
    );
    expect((await hf.api('/api/workflows/bad-alerts')).status).toBe(404);
  });
});
