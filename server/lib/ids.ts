// Time-sortable ids (ULID layout: 48-bit ms time + 80 random bits, Crockford base32), so
// executions, audit entries and samples list newest-first by primary key and cursors are
// just ids. Ids made in the same millisecond by this process increase (the "monotonic"
// ULID variant): two rows written in one millisecond list in the order they were made.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let pool = randomBytes(0);
let poolOffset = 0;

function random10(): Buffer {
  if (poolOffset + 10 > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  const out = pool.subarray(poolOffset, poolOffset + 10);
  poolOffset += 10;
  return out;
}

let lastTime = -1;
let lastTimeText = '';
let lastRandom = '';

export function ulid(now = Date.now()): string {
  if (now === lastTime) {
    const next = increment(lastRandom);
    if (next !== null) {
      lastRandom = next;
      return lastTimeText + next;
    }
  } else {
    lastTime = now;
    lastTimeText = encodeTime(now);
  }
  lastRandom = randomPart();
  return lastTimeText + lastRandom;
}

/** The base32 string one above `rand`, or null when it is all Z (then a fresh one is drawn). */
function increment(rand: string): string | null {
  for (let i = rand.length - 1; i >= 0; i--) {
    const digit = ALPHABET.indexOf(rand[i]);
    if (digit < 31) return rand.slice(0, i) + ALPHABET[digit + 1] + '0'.repeat(rand.length - 1 - i);
  }
  return null;
}

function encodeTime(now: number): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time;
}

function randomPart(): string {
  const bytes = random10();
  let rand = '';
  // 80 bits → 16 base32 chars, 5 bits at a time.
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      rand += ALPHABET[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return rand;
}

/** ≥128 random bits, URL-safe: trigger tokens must not be guessable. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}
