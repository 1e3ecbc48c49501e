// ajv's messages are written for schema authors ("must match \"then\" schema"); the people
// who read ours are filling in a form, writing a workflow file or sending a webhook. Each
// error becomes a sentence that says what to do, at the pointer of the value to change.
import type { ErrorObject } from 'ajv/dist/2020.js';

export type DescribedProblem = { pointer: string; message: string; keyword: string };
type Schema = Record<string, unknown>;

/** Where a required value is missing, the words for what to fill in. */
const REQUIRED_HINTS: Array<{ pointer: RegExp; schemaPath?: RegExp; message: string }> = [
  // The generic HMAC preset's own rule (nested under the hmac branch).
  {
    pointer: /\/auth\/header$/,
    schemaPath: /\/then\/allOf\/\d+\/then\/required$/,
    message: 'Choose which header carries the signature',
  },
  { pointer: /\/auth\/header$/, message: 'Name the header that carries the secret' },
  { pointer: /\/auth\/credential$/, message: 'Choose the credential that holds the secret' },
  { pointer: /\/auth\/preset$/, message: 'Choose which service signs the requests' },
  { pointer: /\/auth\/allow$/, message: 'List the addresses or networks allowed to call' },
];

const FORMATS: Record<string, string> = {
  uri: 'Enter a full URL such as https://example.com/hook',
  'uri-reference': 'Enter a URL or a path',
  email: 'Enter an e-mail address such as ops@example.com',
  'date-time': 'Enter a date and time such as 2026-01-31T09:00:00Z',
  date: 'Enter a date such as 2026-01-31',
  time: 'Enter a time such as 09:00:00Z',
  hostname: 'Enter a host name such as api.example.com',
  ipv4: 'Enter an IPv4 address such as 192.0.2.10',
  ipv6: 'Enter an IPv6 address',
  uuid: 'Enter a UUID',
  regex: 'Enter a valid regular expression',
};

const PATTERNS: Array<{ pattern: string; message: string }> = [
  { pattern: '^\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)$', message: 'Write a duration such as 500ms, 30s, 10m, 2h or 1d' },
  {
    pattern: '^[a-z0-9][a-z0-9-_]{0,79}$',
    message: 'Use lower-case letters, digits, - and _ (up to 80), starting with a letter or digit',
  },
  {
    pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$',
    message: 'Use letters, digits and _ (up to 64), not starting with a digit',
  },
  { pattern: '^https?://', message: 'Enter a URL starting with https:// or http://' },
  { pattern: '^=', message: 'Write an expression starting with =' },
];

const TYPES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object (names and values)',
  null: 'nothing (null)',
};

function lastSegment(pointer: string): string {
  const part = pointer
    .slice(pointer.lastIndexOf('/') + 1)
    .replace(/~1/g, '/')
    .replace(/~0/g, '~');
  return /^\d+$/.test(part) ? `entry ${Number(part) + 1}` : part;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function entries(n: number): string {
  return n === 1 ? '1 entry' : `${n} entries`;
}

function described(schema: unknown): string | null {
  const s = schema as Schema | undefined;
  return typeof s?.description === 'string' ? s.description : null;
}

function requiredNames(branches: unknown): string[] {
  if (!Array.isArray(branches)) return [];
  const names: string[] = [];
  for (const branch of branches) {
    const required = (branch as Schema)?.required;
    if (!Array.isArray(required) || required.length !== 1) return [];
    names.push(String(required[0]));
  }
  return names;
}

function message(e: ErrorObject, pointer: string): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const hint = REQUIRED_HINTS.find(
        (h) => h.pointer.test(pointer) && (h.schemaPath === undefined || h.schemaPath.test(e.schemaPath)),
      );
      return hint?.message ?? `Fill in ${lastSegment(pointer)}`;
    }
    case 'additionalProperties':
      return `Remove ${lastSegment(pointer)}: it is not a setting here`;
    case 'enum':
      return `Choose one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `Set this to ${JSON.stringify(p.allowedValue)}`;
    case 'type': {
      const types = String(p.type)
        .split(',')
        .map((t) => TYPES[t] ?? t);
      return `Enter ${types.join(' or ')}`;
    }
    case 'format':
      return FORMATS[String(p.format)] ?? `Enter a valid ${String(p.format)}`;
    case 'pattern': {
      const known = PATTERNS.find((entry) => entry.pattern === p.pattern);
      if (known) return known.message;
      // Node schemas spell their duration patterns in several ways; all take 30s, 10m, 2h.
      if (/\(ms\|/.test(String(p.pattern))) return 'Write a duration such as 500ms, 30s, 10m or 2h';
      const hint = described(e.parentSchema);
      return hint ? `Does not have the expected form: ${hint}` : `Write it in the form ${String(p.pattern)}`;
    }
    case 'minLength':
      return p.limit === 1
        ? `Fill in ${lastSegment(pointer)}`
        : `Enter at least ${plural(Number(p.limit), 'character')}`;
    case 'maxLength':
      return `Shorten it to at most ${plural(Number(p.limit), 'character')}`;
    case 'minItems':
      return `Add at least ${entries(Number(p.limit))}`;
    case 'maxItems':
      return `Keep at most ${entries(Number(p.limit))}`;
    case 'minProperties':
      return `Add at least ${entries(Number(p.limit))}`;
    case 'maxProperties':
      return `Keep at most ${entries(Number(p.limit))}`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `Enter a number ${p.comparison === '>' ? 'above' : 'of at least'} ${String(p.limit)}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `Enter a number ${p.comparison === '<' ? 'below' : 'of at most'} ${String(p.limit)}`;
    case 'multipleOf':
      return `Enter a multiple of ${String(p.multipleOf)}`;
    case 'uniqueItems':
      return `Remove the duplicate: entries ${Number(p.j) + 1} and ${Number(p.i) + 1} are the same`;
    case 'dependentRequired':
      return `Fill in ${String(p.missingProperty)} too: ${String(p.property)} needs it`;
    case 'not':
      return 'Remove this value: it is not allowed here';
    case 'oneOf':
    case 'anyOf': {
      const names = requiredNames(e.schema);
      if (names.length > 1) {
        const list = `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
        return Array.isArray(p.passingSchemas) && e.keyword === 'oneOf'
          ? `Fill in only one of ${list}, not several`
          : `Fill in ${list}`;
      }
      return 'Does not match any of the allowed forms; check the fields above';
    }
    default:
      return e.message ?? e.keyword;
  }
}

/**
 * A rule of one choice (the generic preset needs a header) also fires while that choice is not
 * made at all (a missing `preset` satisfies `if`); then only "make the choice" is useful.
 */
/** Properties whose value decides which further fields are needed. */
const CHOICES = new Set(['preset', 'type']);

function dependsOnMissingChoice(e: ErrorObject, list: ErrorObject[]): boolean {
  if (e.keyword !== 'required' || !/\/then\/allOf\/\d+\/then\/required$/.test(e.schemaPath)) return false;
  return list.some(
    (other) =>
      other.keyword === 'required' &&
      other.instancePath === e.instancePath &&
      CHOICES.has(String((other.params as { missingProperty?: string }).missingProperty)),
  );
}

/** True for errors that only say "a branch below failed"; the branch's own errors say what. */
function isWrapper(e: ErrorObject): boolean {
  return e.keyword === 'if' || e.keyword === 'then' || e.keyword === 'else' || e.keyword === 'allOf';
}

export function describeErrors(errors: ErrorObject[] | null | undefined, base = ''): DescribedProblem[] {
  const list = errors ?? [];
  const out: DescribedProblem[] = [];
  // Alternatives that are "one of these fields" are told once, not as each branch's `required`.
  const absorbed = new Set<ErrorObject>();
  for (const e of list) {
    if ((e.keyword === 'oneOf' || e.keyword === 'anyOf') && requiredNames(e.schema).length > 1) {
      for (const child of list) if (child.schemaPath.startsWith(`${e.schemaPath}/`)) absorbed.add(child);
    }
  }
  for (const e of list) {
    if (absorbed.has(e) || isWrapper(e) || dependsOnMissingChoice(e, list)) continue;
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      const hasChildren = list.some((child) => child.schemaPath.startsWith(`${e.schemaPath}/`));
      if (hasChildren && requiredNames(e.schema).length <= 1) continue;
    }
    const p = e.params as Record<string, unknown>;
    const extra =
      e.keyword === 'required' || e.keyword === 'dependentRequired'
        ? `/${String(p.missingProperty).replace(/~/g, '~0').replace(/\//g, '~1')}`
        : e.keyword === 'additionalProperties'
          ? `/${String(p.additionalProperty).replace(/~/g, '~0').replace(/\//g, '~1')}`
          : '';
    const pointer = `${base}${e.instancePath}${extra}` || '/';
    out.push({ pointer, message: message(e, pointer), keyword: e.keyword });
  }
  const seen = new Set<string>();
  return out.filter((problem) => {
    const key = `${problem.pointer} ${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
