import { describe, expect, it } from 'vitest';
import { boundedMemo } from '../../server/lib/bounded-memo.ts';
import { parseDuration } from '../../server/lib/duration.ts';
import { newToken, ulid } from '../../server/lib/ids.ts';
import { stableStringify } from '../../server/lib/stable-json.ts';
import { transformNode } from '../../server/nodes/core/transform.ts';
import { buildRegistry } from '../../server/nodes/registry.ts';

describe('lib', () => {
  it('makes time-sortable ids and unguessable tokens', () => {
    const a = ulid(1000);
    const b = ulid(2000);
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => ulid())).size).toBe(1000);
    expect(Buffer.from(newToken(), 'base64url').length).toBe(24);
  });
  it('makes ids in one millisecond that increase in the order they were made', () => {
    // The audit log and the execution list sort by id: two rows written in the same
    // millisecond must not swap places (the audit test saw that in CI).
    const ids = Array.from({ length: 2000 }, () => ulid(5000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.startsWith(ulid(5000).slice(0, 10)))).toBe(true);
    expect(ulid(4999) < ids[0]).toBe(true);
    expect(ulid(5001) > ids[ids.length - 1]).toBe(true);
  });
  it('parses durations and refuses nonsense', () => {
    expect(parseDuration('250ms', 0)).toBe(250);
    expect(parseDuration('1.5s', 0)).toBe(1500);
    expect(parseDuration('72h', 0)).toBe(72 * 3_600_000);
    expect(parseDuration(undefined, 7)).toBe(7);
    expect(() => parseDuration('soon', 0)).toThrow(/invalid duration/);
  });
  it('serialises with sorted keys', () => {
    expect(stableStringify({ b: 1, a: { d: 1, c: [{ z: 1, y: 2 }] } })).toBe('{"a":{"c":[{"y":2,"z":1}],"d":1},"b":1}');
  });
  it('rejects a node type registered twice', () => {
    expect(() => buildRegistry([transformNode, transformNode])).toThrow(/registered twice/);
  });
});

describe('boundedMemo', () => {
  it('computes each argument once, and keeps at most `max` answers', () => {
    const calls: string[] = [];
    const upper = boundedMemo((s) => {
      calls.push(s);
      return s.toUpperCase();
    }, 2);
    expect([upper('a'), upper('a'), upper('b'), upper('b')]).toEqual(['A', 'A', 'B', 'B']);
    expect(calls).toEqual(['a', 'b']);
    upper('c'); // full: starts again empty, keeping only c
    expect(upper('c')).toBe('C');
    upper('a');
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
  it('remembers a null or undefined answer too', () => {
    let n = 0;
    const nothing = boundedMemo(() => {
      n++;
      return undefined;
    });
    nothing('x');
    nothing('x');
    expect(n).toBe(1);
  });
});
