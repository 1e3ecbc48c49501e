import { describe, expect, it } from 'vitest';
import { UserError } from '../../../server/lib/errors.ts';
import { parseBody } from '../../../server/triggers/parse-body.ts';

const b = (s: string) => Buffer.from(s);

describe('parseBody', () => {
  it('parses by content type', () => {
    expect(parseBody(b('{"a":1}'), 'application/json; charset=utf-8').body).toEqual({ a: 1 });
    expect(parseBody(b('{"a":1}'), 'application/vnd.api+json').body).toEqual({ a: 1 });
    expect(parseBody(b('a=1&a=2&b=%20x'), 'application/x-www-form-urlencoded').body).toEqual({
      a: ['1', '2'],
      b: ' x',
    });
    expect(parseBody(b('hi'), 'text/plain').body).toBe('hi');
    expect(parseBody(b('[1]'), undefined).body).toEqual([1]);
    expect(parseBody(Buffer.alloc(0), 'application/json')).toEqual({ body: null, kind: 'empty' });
    expect(parseBody(Buffer.from([1, 2, 3]), 'application/octet-stream').body).toEqual({
      base64: 'AQID',
      contentType: 'application/octet-stream',
      size: 3,
    });
  });
  it('refuses malformed JSON with invalid_json', () => {
    expect(() => parseBody(b('{'), 'application/json')).toThrow(UserError);
    try {
      parseBody(b('{'), 'application/json');
    } catch (err) {
      expect((err as UserError).status).toBe(400);
      expect((err as UserError).code).toBe('invalid_json');
    }
  });
});
