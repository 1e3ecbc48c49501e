import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../../helpers/smtp.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, runWorkflow, step } from './flow-helpers.ts';

describe('email.send against a real SMTP server on loopback', () => {
  let hf: TestHookflow;
  let smtp: TestSmtp;
  let port = 0;
  const received = () => smtp.mails;
  beforeAll(async () => {
    smtp = await startSmtp({ username: 'mailer', password: 'smtp-pass-5f4e3d2c' });
    port = smtp.port;
    hf = await startHookflow();
    await putCredential(hf, 'smtp', 'smtp', {
      host: '127.0.0.1',
      port,
      security: 'none',
      username: 'mailer',
      password: 'smtp-pass-5f4e3d2c',
    });
    await putCredential(hf, 'smtp-wrong', 'smtp', {
      host: '127.0.0.1',
      port,
      security: 'none',
      username: 'mailer',
      password: 'wrong-password',
    });
  });
  afterAll(async () => {
    await hf.close();
    await smtp.close();
  });

  const mail = (credential: string) => ({
    id: `mail-${credential}`,
    steps: [
      {
        id: 'receipt',
        type: 'email.send',
        credential,
        params: {
          from: 'Shop <orders@shop.example>',
          to: '=trigger.body.email',
          cc: ['accounts@shop.example'],
          bcc: 'audit@shop.example',
          replyTo: 'help@shop.example',
          subject: '="Receipt for order " & trigger.body.id',
          text: '="Total: " & $string(trigger.body.total)',
          html: '="<p>Total: <b>" & $string(trigger.body.total) & "</b></p>"',
          attachments: [{ filename: 'order.json', content: '=$string(trigger.body)', contentType: 'application/json' }],
        },
      },
    ],
    edges: [{ from: 'trigger', to: 'receipt' }],
  });

  it('delivers with the right envelope, headers, text and HTML bodies and the attachment', async () => {
    const exec = await runWorkflow(hf, mail('smtp'), { id: 'A-17', email: 'ada@example.com', total: 42 });
    expect(exec.status).toBe('succeeded');
    expect(received()).toHaveLength(1);
    const m = received()[0];
    expect(m.user).toBe('mailer');
    expect(m.from).toBe('orders@shop.example');
    expect(m.to.sort()).toEqual(['accounts@shop.example', 'ada@example.com', 'audit@shop.example']);
    const head = m.raw.slice(0, m.raw.indexOf('\r\n\r\n'));
    expect(head).toMatch(/^From: Shop <orders@shop\.example>$/m);
    expect(head).toMatch(/^To: ada@example\.com$/m);
    expect(head).toMatch(/^Cc: accounts@shop\.example$/m);
    expect(head).toMatch(/^Reply-To: help@shop\.example$/m);
    expect(head).toMatch(/^Subject: Receipt for order A-17$/m);
    expect(head).not.toMatch(/^Bcc:/im);
    expect(head).toContain(`X-Hookflow-Idempotency-Key: ${exec.id}:receipt`);
    expect(m.raw).toContain('Content-Type: text/plain');
    expect(m.raw).toContain('Total: 42');
    expect(m.raw).toContain('Content-Type: text/html');
    expect(m.raw).toContain('<p>Total: <b>42</b></p>');
    expect(m.raw).toMatch(/Content-Disposition: attachment; filename=order\.json/);
    expect(step(exec, 'receipt').output.accepted.sort()).toEqual([
      'accounts@shop.example',
      'ada@example.com',
      'audit@shop.example',
    ]);
  });

  it('a refused login fails at once (no retries) with a clear error', async () => {
    const exec = await runWorkflow(hf, mail('smtp-wrong'), { id: 'A-18', email: 'ada@example.com', total: 1 });
    expect(exec.status).toBe('failed');
    expect(step(exec, 'receipt')).toMatchObject({ attempt: 1, error: { code: 'smtp_535' } });
    expect(step(exec, 'receipt').error.message).toContain('SMTP server refused');
  });
});
