// The secrets one execution run has used, and the one scrub applied to everything the
// engine records or logs for it (step inputs, outputs, errors, hence results and alerts).
// A node should never put a secret in what it returns, but a remote may echo one back, in
// a form no longer equal to the raw value: URL-encoded in an echoed query string, base64 in
// an echoed `Authorization: Basic` header or SMTP AUTH, JSON-escaped in an echoed body. Each
// value is registered with those forms. Credential fields come in when a step resolves its
// credential; values derived with one (OAuth2 access tokens, Salesforce sessions) when the
// node registers them through `ctx.services.secret`.
import type { Logger } from 'pino';

const REDACTED = '[redacted]';
/** Shorter values are not worth scrubbing: they would match everywhere and hide nothing. */
const MIN_LENGTH = 4;

export type SecretSet = {
  add(value: unknown): void;
  /** A copy of `value` with every registered secret (and its encoded forms) replaced. */
  scrub<T>(value: T): T;
  readonly size: number;
};

export function createSecretSet(): SecretSet {
  const forms = new Set<string>();
  let pattern: RegExp | null = null;
  const replace = (s: string): string => {
    if (!pattern) {
      // Longest first, so a form that contains another is replaced whole.
      const sorted = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
      pattern = new RegExp(sorted.join('|'), 'g');
    }
    pattern.lastIndex = 0;
    return pattern.test(s) ? s.replace(pattern, REDACTED) : s;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return replace(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof Error) return scrubError(v, replace);
    // A Date, URL or the like: its JSON form is what would be stored or logged.
    if (v && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      return walk((v as { toJSON: () => unknown }).toJSON());
    }
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [replace(k), walk(x)]));
    }
    return v;
  };
  return {
    add(value) {
      if (typeof value !== 'string' || value.length < MIN_LENGTH) return;
      for (const f of secretForms(value)) {
        if (f.length >= MIN_LENGTH && !forms.has(f)) {
          forms.add(f);
          pattern = null;
        }
      }
    },
    scrub<T>(value: T): T {
      if (forms.size === 0 || value === null || value === undefined) return value;
      return walk(value) as T;
    },
    get size() {
      return forms.size;
    },
  };
}

/** The forms a secret takes on the wire and in echoed text. */
export function secretForms(secret: string): string[] {
  const out = new Set([secret]);
  const uri = encodeURIComponent(secret);
  out.add(uri);
  out.add(uri.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  out.add(new URLSearchParams({ s: secret }).toString().slice(2)); // form encoding: space as +
  out.add(JSON.stringify(secret).slice(1, -1));
  for (const b of base64Cores(secret)) out.add(b);
  return [...out];
}

/**
 * The base64 characters that encode only the secret's own bits, at each of the three byte
 * alignments it can have inside a longer base64 text (`Basic base64(user:pass)`, SMTP
 * `AUTH PLAIN base64(\0user\0pass)`), so it is found wherever it sits.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret);
  const cores: string[] = [];
  for (let k = 0; k < 3; k++) {
    const b64 = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const core = b64.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6));
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function scrubError(err: Error, replace: (s: string) => string): Error {
  const copy = new Error(replace(err.message));
  copy.name = err.name;
  copy.stack = err.stack === undefined ? undefined : replace(err.stack);
  const code = (err as { code?: unknown }).code;
  if (code !== undefined) Object.assign(copy, { code });
  return copy;
}

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);

/**
 * The execution's logger with every line scrubbed first: nodes log through it, and so does
 * the engine for this execution. Its children scrub as well.
 */
export function scrubbingLogger(log: Logger, secrets: SecretSet): Logger {
  return new Proxy(log, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      if (LEVELS.has(prop)) {
        return (...args: unknown[]) => value.apply(target, secrets.size === 0 ? args : args.map(secrets.scrub));
      }
      if (prop === 'child') {
        return (...args: unknown[]) => scrubbingLogger(value.apply(target, args), secrets);
      }
      return value.bind(target);
    },
  });
}

/**
 * A logger made on first use. Most executions log nothing, and a pino child (bindings
 * serialised up front) plus its scrubbing proxy per execution and per step was measurable
 * CPU and garbage on the hot path.
 */
export function lazyLogger(make: () => Logger): Logger {
  let real: Logger | null = null;
  return new Proxy({} as Logger, {
    get(_target, prop) {
      real ??= make();
      const value = Reflect.get(real, prop, real);
      return typeof value === 'function' ? value.bind(real) : value;
    },
    set(_target, prop, value) {
      real ??= make();
      return Reflect.set(real, prop, value, real);
    },
  });
}
