import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createSecretSet, lazyLogger, scrubbingLogger } from '../../../server/engine/secret-set.ts';

const SECRET = 'tok/en+va"lue\\x&y z';

describe('secret set', () => {
  it('scrubs the raw value and its URL-encoded, form-encoded, JSON-escaped and base64 forms', () => {
    const set = createSecretSet();
    set.add(SECRET);
    const b64 = Buffer.from(SECRET).toString('base64');
    const inBasic = Buffer.from(`user:${SECRET}`).toString('base64');
    const inPlain = Buffer.from(`\0user\0${SECRET}`).toString('base64');
    const value = {
      raw: `Bearer ${SECRET}`,
      uri: `/x?k=${encodeURIComponent(SECRET)}`,
      lower: encodeURIComponent(SECRET).toLowerCase(),
      form: new URLSearchParams({ k: SECRET }).toString(),
      json: JSON.stringify({ t: SECRET }),
      b64: [b64, Buffer.from(SECRET).toString('base64url')],
      basic: `Basic ${inBasic}`,
      plain: `AUTH PLAIN ${inPlain}`,
      [SECRET]: 'as a key',
      when: new Date(0),
    };
    const out = JSON.stringify(set.scrub(value));
    expect(out).toContain('[redacted]');
    expect(out).toContain('1970-01-01');
    for (const leaked of [SECRET, encodeURIComponent(SECRET), b64.slice(0, 20), inBasic, inPlain, 'va\\"lue']) {
      expect(out).not.toContain(leaked);
    }
    // Nothing is changed in place, and values without secrets pass through.
    expect(value.raw).toBe(`Bearer ${SECRET}`);
    expect(set.scrub({ a: 1, b: ['x', null, true] })).toEqual({ a: 1, b: ['x', null, true] });
  });

  it('ignores values too short to be secrets', () => {
    const set = createSecretSet();
    set.add('abc');
    set.add(undefined);
    expect(set.size).toBe(0);
    expect(set.scrub('abc abc')).toBe('abc abc');
  });

  it('scrubs log lines, errors and child loggers, including secrets registered after the logger was made', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const set = createSecretSet();
    const log = scrubbingLogger(pino({ level: 'debug' }, sink), set).child({ stepId: 's' });
    set.add(SECRET);
    log.info({ url: `/x?k=${encodeURIComponent(SECRET)}` }, `token ${SECRET}`);
    log.child({ more: 1 }).warn({ err: Object.assign(new Error(`refused ${SECRET}`), { code: 'E1' }) }, 'failed');
    log.debug(`plain ${SECRET}`);
    expect(lines).toHaveLength(3);
    const all = lines.join('\n');
    expect(all).toContain('[redacted]');
    expect(all).toContain('"code":"E1"');
    expect(all).toContain('"stepId":"s"');
    expect(all).not.toContain(encodeURIComponent(SECRET));
    expect(all).not.toContain('tok/en');
  });

  it('a lazy logger builds its child on first use only, and that child still scrubs', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const set = createSecretSet();
    let made = 0;
    const root = pino({ level: 'info' }, sink);
    const log = lazyLogger(() => {
      made++;
      return scrubbingLogger(root.child({ executionId: 'E1' }), set);
    });
    const step = lazyLogger(() => log.child({ stepId: 's' }));
    expect(made).toBe(0);
    set.add(SECRET);
    step.info(`token ${SECRET}`);
    step.warn('again');
    expect(made).toBe(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('"executionId":"E1"');
    expect(lines[0]).toContain('"stepId":"s"');
    expect(lines[0]).not.toContain('tok/en');
    expect(step.isLevelEnabled('debug')).toBe(false);
  });
});
