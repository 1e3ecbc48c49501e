// Login rate limiting: failed attempts are counted per e-mail and per client address in a
// fixed window; past the limit, logins are refused with 429 until the window ends, whether
// or not the password is right. In memory, per process: a brute force is slowed on each
// API process by the same factor, which is what matters.
//
// An attempt is reserved (counted as a failure) before the slow password check and refunded
// if it succeeds, so N guesses sent in parallel cannot all pass the check while none has
// been counted yet.

export type LoginThrottle = {
  /** Milliseconds until another attempt is allowed for these keys; 0 when allowed. */
  retryAfterMs(keys: string[], now?: number): number;
  recordFailure(keys: string[], now?: number): void;
  /**
   * Counts an attempt on every key at once, unless one of them is at the limit already
   * (then nothing is counted). `refund` takes it back, e.g. when the password was right.
   */
  reserve(keys: string[], now?: number): { ok: true; refund: () => void } | { ok: false; retryAfterMs: number };
  reset(key: string): void;
};

type Window = { failures: number; resetAt: number };

export function createLoginThrottle(opts: { maxFailures: number; windowMs: number; maxKeys?: number }): LoginThrottle {
  const windows = new Map<string, Window>();
  const maxKeys = opts.maxKeys ?? 50_000;
  const live = (key: string, now: number): Window | undefined => {
    const w = windows.get(key);
    if (w && w.resetAt <= now) {
      windows.delete(key);
      return undefined;
    }
    return w;
  };
  const throttle: LoginThrottle = {
    retryAfterMs(keys, now = Date.now()) {
      let wait = 0;
      for (const k of keys) {
        const w = live(k, now);
        if (w && w.failures >= opts.maxFailures) wait = Math.max(wait, w.resetAt - now);
      }
      return wait;
    },
    recordFailure(keys, now = Date.now()) {
      if (windows.size > maxKeys) {
        for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
      }
      for (const k of keys) {
        const w = live(k, now);
        if (w) w.failures++;
        else windows.set(k, { failures: 1, resetAt: now + opts.windowMs });
      }
    },
    reserve(keys, now = Date.now()) {
      const wait = throttle.retryAfterMs(keys, now);
      if (wait > 0) return { ok: false, retryAfterMs: wait };
      throttle.recordFailure(keys, now);
      const counted = keys.map((k) => [k, windows.get(k)] as const);
      let refunded = false;
      return {
        ok: true,
        refund: () => {
          if (refunded) return;
          refunded = true;
          // Only the window the attempt was counted in: a newer one never saw it.
          for (const [k, w] of counted) if (w && windows.get(k) === w && w.failures > 0) w.failures--;
        },
      };
    },
    reset(key) {
      windows.delete(key);
    },
  };
  return throttle;
}
