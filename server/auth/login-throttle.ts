// Login rate limiting: failed attempts are counted per e-mail and per client address in a
// fixed window; past the limit, logins are refused with 429 until the window ends, whether
// or not the password is right. In memory, per process: a brute force is slowed on each
// API process by the same factor, which is what matters.

export type LoginThrottle = {
  /** Milliseconds until another attempt is allowed for these keys; 0 when allowed. */
  retryAfterMs(keys: string[], now?: number): number;
  recordFailure(keys: string[], now?: number): void;
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
  return {
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
    reset(key) {
      windows.delete(key);
    },
  };
}
