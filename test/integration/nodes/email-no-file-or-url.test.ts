// Issue 11.1: an `=expression` must not hand email.send (nodemailer) a `{path}` or `{href}`
// object, which nodemailer would read from this server's disk or fetch past the SSRF guard.
// Every attack fails the step with param_invalid; nothing is mailed, nothing is fetched.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpTransport } from '../../../server/nodes/email/smtp-transport.ts';
import { startSmtp, type TestSmtp } from '../../helpers/smtp.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, runWorkflow, step } from './flow-helpers.ts';

describe('email.send reads no files and fetches no URLs', () => {
  let hf: TestHookflow;
  let smtp: TestSmtp;
  let loopback: http.Server;
  let loopbackUrl = '';
  const fetched: string[] = [];
  beforeAll(async () => {
    smtp = await startSmtp({ username: 'mailer', password: 'smtp-pass-attack-1' });
    loopback = http.createServer((req, res) => {
      fetched.push(req.url ?? '');
      res.end('<p>internal admin page</p>');
    });
    await new Promise<void>((r) => loopback.listen(0, '127.0.0.1', r));
    loopbackUrl = `http://127.0.0.1:${(loopback.address() as AddressInfo).port}/internal`;
    hf = await startHookflow();
    await putCredential(hf, 'smtp', 'smtp', {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      username: 'mailer',
      password: 'smtp-pass-attack-1',
    });
  });
  afterAll(async () => {
    await hf.close();
    await smtp.close();
    await new Promise((r) => loopback.close(r));
  });

  let n = 0;
  const attack = async (params: Record<string, unknown>) => {
    const exec = await runWorkflow(hf, {
      id: `mail-attack-${++n}`,
      steps: [
        {
          id: 'mail',
          type: 'email.send',
          credential: 'smtp',
          params: { from: 'a@shop.example', to: 'b@shop.example', subject: 's', ...params },
        },
      ],
      edges: [{ from: 'trigger', to: 'mail' }],
    });
    return { exec, mail: step(exec, 'mail') };
  };

  const keyFile = () => path.join(hf.dataDir, 'encryption.key');

  it.each([
    ['a text body that is a file path', () => ({ text: '={"path":"/etc/passwd"}' }), '/params/text'],
    ['an HTML body that is a file path', () => ({ html: '={"path":"/etc/passwd"}' }), '/params/html'],
    [
      'an attachment read from DATA_DIR (the vault key)',
      () => ({ text: 't', attachments: `=[{"filename":"k.txt","path":"${keyFile()}"}]` }),
      '/params/attachments/0',
    ],
    [
      'attachment content that is a file path',
      () => ({ text: 't', attachments: `=[{"filename":"k.txt","content":{"path":"${keyFile()}"}}]` }),
      '/params/attachments/0/content',
    ],
    [
      'an attachment from /proc/self/environ',
      () => ({ text: 't', attachments: '=[{"filename":"env.txt","path":"/proc/self/environ"}]' }),
      '/params/attachments/0',
    ],
    ['an HTML body fetched from a loopback URL', () => ({ html: `={"href":"${loopbackUrl}"}` }), '/params/html'],
    [
      'an attachment fetched from a loopback URL',
      () => ({ text: 't', attachments: `=[{"filename":"x.html","href":"${loopbackUrl}"}]` }),
      '/params/attachments/0',
    ],
  ])('%s fails param_invalid, nothing is mailed or fetched', async (_name, params, pointer) => {
    const { exec, mail } = await attack(params());
    expect(exec.status).toBe('failed');
    expect(mail.status).toBe('failed');
    expect(mail.error.code).toBe('param_invalid');
    expect(mail.error.message).toContain(pointer);
    // Non-retryable: email.send retries by default, this stops at the first attempt.
    expect(mail.attempt).toBe(1);
    expect(smtp.mails).toEqual([]);
    expect(fetched).toEqual([]);
  });

  it('still sends computed string bodies and base64 attachments from step data', async () => {
    const { exec } = await attack({
      text: '="Hello " & trigger.body.name',
      attachments: '=[{"filename":"a.txt","content":$base64encode("attached-text"),"encoding":"base64"}]',
    });
    expect(exec.status).toBe('succeeded');
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].raw).toContain(Buffer.from('attached-text').toString('base64'));
    smtp.mails.length = 0;
  });

  it('the SMTP transport itself refuses file and URL content, whatever the caller passes', async () => {
    const transport = await createSmtpTransport(
      {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        username: 'mailer',
        password: 'smtp-pass-attack-1',
        rejectUnauthorized: true,
      },
      async (h) => h,
    );
    try {
      const base = { from: 'a@shop.example', to: 'b@shop.example', subject: 's' };
      await expect(transport.sendMail({ ...base, text: { path: '/etc/passwd' } })).rejects.toThrow();
      await expect(
        transport.sendMail({ ...base, text: 't', attachments: [{ filename: 'e', path: '/proc/self/environ' }] }),
      ).rejects.toThrow();
      await expect(transport.sendMail({ ...base, html: { href: loopbackUrl } })).rejects.toThrow();
    } finally {
      transport.close();
    }
    expect(smtp.mails).toEqual([]);
    expect(fetched).toEqual([]);
  });
});
