// Reads a pasted cURL command (as API docs and browsers' "Copy as cURL" write them) into
// the HTTP request step's fields. The shell words are split the way bash would (quotes,
// `$'…'`, backslash line continuations); only options that change the request are read.
// Credentials are returned apart from the headers: secrets belong in a stored credential,
// never in the workflow file.

export type CurlAuth = { type: 'basic'; username: string; password: string } | { type: 'bearer'; token: string };

export type CurlRequest = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  url: string;
  headers: Record<string, string>;
  bodyType: 'json' | 'text' | 'form' | 'none';
  body?: unknown;
  auth?: CurlAuth;
  /** What the step cannot do as pasted (file uploads, unknown methods). */
  warnings: string[];
};

export class CurlParseError extends Error {}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);
const DATA = new Set(['-d', '--data', '--data-ascii', '--data-binary', '--data-raw', '--data-urlencode']);
/** Options that take a value but do not change the request a step would send. */
const IGNORED_WITH_VALUE = new Set([
  '-o',
  '--output',
  '-m',
  '--max-time',
  '--connect-timeout',
  '--retry',
  '-w',
  '--write-out',
  '-x',
  '--proxy',
  '--cacert',
  '--cert',
  '--key',
  '-c',
  '--cookie-jar',
  '--max-redirs',
  '--resolve',
]);

export function parseCurl(text: string): CurlRequest {
  const words = shellWords(text);
  if (words[0] !== 'curl') throw new CurlParseError('a cURL command starts with "curl"');
  let method: string | undefined;
  let url: string | undefined;
  const headers: Record<string, string> = {};
  const data: string[] = [];
  const form: [string, string][] = [];
  const warnings: string[] = [];
  let json = false;
  let head = false;
  let get = false;
  let auth: CurlAuth | undefined;
  for (let i = 1; i < words.length; i++) {
    let word = words[i];
    let attached: string | undefined;
    // `-XPOST`, `-H'a: b'`: a short option with its value attached.
    if (/^-[XHdFuAbe]./.test(word)) {
      attached = word.slice(2);
      word = word.slice(0, 2);
    }
    const value = () => {
      if (attached !== undefined) return attached;
      i++;
      if (i >= words.length) throw new CurlParseError(`${word} needs a value`);
      return words[i];
    };
    if (word === '-X' || word === '--request') method = value().toUpperCase();
    else if (word === '-H' || word === '--header') {
      const h = value();
      const colon = h.indexOf(':');
      if (colon > 0) headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
    } else if (word === '--data-urlencode') {
      // curl encodes the content part itself: a literal `+` stays a plus.
      const v = value();
      const eq = v.indexOf('=');
      data.push(eq < 0 ? encodeURIComponent(v) : `${v.slice(0, eq + 1)}${encodeURIComponent(v.slice(eq + 1))}`);
    } else if (DATA.has(word)) data.push(value());
    else if (word === '--json') {
      data.push(value());
      json = true;
    } else if (word === '-F' || word === '--form' || word === '--form-string') {
      const f = value();
      const eq = f.indexOf('=');
      if (eq <= 0) throw new CurlParseError(`-F needs name=value, got "${f}"`);
      const v = f.slice(eq + 1);
      if (word !== '--form-string' && /^[@<]/.test(v))
        warnings.push(`the file in -F ${f.slice(0, eq)} is not uploaded`);
      form.push([f.slice(0, eq), v]);
    } else if (word === '-u' || word === '--user') {
      const u = value();
      const colon = u.indexOf(':');
      auth = {
        type: 'basic',
        username: colon < 0 ? u : u.slice(0, colon),
        password: colon < 0 ? '' : u.slice(colon + 1),
      };
    } else if (word === '-A' || word === '--user-agent') headers['user-agent'] = value();
    else if (word === '-e' || word === '--referer') headers.referer = value();
    else if (word === '-b' || word === '--cookie') headers.cookie = value();
    else if (word === '--url') url = value();
    else if (word === '-I' || word === '--head') head = true;
    else if (word === '-G' || word === '--get') get = true;
    else if (IGNORED_WITH_VALUE.has(word)) value();
    else if (word.startsWith('-') && word !== '-') continue;
    else if (url === undefined) url = word;
  }
  if (!url) throw new CurlParseError('no URL in the command');
  if (!/^https?:\/\//i.test(url)) url = `http://${url}`;
  const authorization = headers.authorization;
  if (authorization) {
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization);
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization);
    if (bearer) auth = { type: 'bearer', token: bearer[1].trim() };
    else if (basic) {
      const pair = decodeBase64(basic[1]);
      const colon = pair.indexOf(':');
      if (colon >= 0) auth = { type: 'basic', username: pair.slice(0, colon), password: pair.slice(colon + 1) };
    }
    if (auth) delete headers.authorization;
  }
  if (json) {
    headers['content-type'] ??= 'application/json';
    headers.accept ??= 'application/json';
  }
  if (get && data.length > 0) {
    const u = new URL(url);
    for (const [k, v] of new URLSearchParams(data.join('&'))) u.searchParams.append(k, v);
    url = u.toString();
    data.length = 0;
  }
  const hasBody = data.length > 0 || form.length > 0;
  const m = method ?? (head ? 'HEAD' : hasBody ? 'POST' : 'GET');
  if (!METHODS.has(m)) throw new CurlParseError(`the HTTP request step cannot send ${m}`);
  const out: CurlRequest = { method: m as CurlRequest['method'], url, headers, bodyType: 'none', warnings };
  if (auth) out.auth = auth;
  if (form.length > 0) {
    out.bodyType = 'form';
    out.body = Object.fromEntries(form);
    delete headers['content-type'];
  } else if (data.length > 0) Object.assign(out, bodyOf(data.join('&'), headers));
  return out;
}

function bodyOf(raw: string, headers: Record<string, string>): Pick<CurlRequest, 'bodyType' | 'body'> {
  const type = headers['content-type'] ?? '';
  if (/json/i.test(type) || (!type && /^\s*[[{]/.test(raw))) {
    try {
      const body = JSON.parse(raw);
      if (/^application\/json\b/i.test(type) || !type) delete headers['content-type'];
      return { bodyType: 'json', body };
    } catch {
      // not JSON after all: sent as the text it is
    }
  }
  // curl's default for -d is a URL-encoded form.
  if ((!type || /x-www-form-urlencoded/i.test(type)) && /^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(raw)) {
    delete headers['content-type'];
    return { bodyType: 'form', body: Object.fromEntries(new URLSearchParams(raw)) };
  }
  return { bodyType: 'text', body: raw };
}

function decodeBase64(v: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(v), (c) => c.charCodeAt(0)));
  } catch {
    return '';
  }
}

const ANSI: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  v: '\v',
  '0': '\0',
};

/** Splits a command line into words as a POSIX shell does (no expansion). */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const s = text.replace(/\r\n?/g, '\n');
  while (i < s.length) {
    const c = s[i];
    if (c === '\\' && s[i + 1] === '\n') {
      i += 2; // a line continuation joins the lines
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw new CurlParseError('a quote is not closed');
      word += s.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '$' && s[i + 1] === "'") {
      i += 2;
      inWord = true;
      for (;;) {
        if (i >= s.length) throw new CurlParseError('a quote is not closed');
        const d = s[i];
        if (d === "'") break;
        if (d === '\\') {
          const e = s[i + 1];
          const hex =
            e === 'x'
              ? /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 2))
              : e === 'u'
                ? /^[0-9a-fA-F]{1,4}/.exec(s.slice(i + 2))
                : null;
          if (hex) {
            word += String.fromCodePoint(Number.parseInt(hex[0], 16));
            i += 2 + hex[0].length;
          } else {
            word += ANSI[e] ?? `\\${e}`;
            i += 2;
          }
        } else {
          word += d;
          i++;
        }
      }
      i++;
    } else if (c === '"') {
      i++;
      inWord = true;
      for (;;) {
        if (i >= s.length) throw new CurlParseError('a quote is not closed');
        const d = s[i];
        if (d === '"') break;
        if (d === '\\' && s[i + 1] === '\n') i += 2;
        else if (d === '\\' && '"\\$`'.includes(s[i + 1])) {
          word += s[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      i++;
    } else if (c === '\\') {
      word += s[i + 1] ?? '';
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
