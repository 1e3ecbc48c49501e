// Pasting a cURL command into the HTTP request step: commands as API docs, browsers' "Copy
// as cURL" and terminals write them.
import { describe, expect, it } from 'vitest';
import { CurlParseError, parseCurl, shellWords } from '../../../ui/src/lib/parse-curl.ts';

describe('parseCurl', () => {
  it('Stripe docs: -u key: with -d form fields and line continuations', () => {
    const r = parseCurl(`curl https://api.stripe.com/v1/customers \\
  -u sk_test_4eC39HqLyjWDarjtT1zdp7dc: \\
  -d name="Jenny Rosen" \\
  --data-urlencode email="jenny.rosen@example.com"`);
    expect(r).toEqual({
      method: 'POST',
      url: 'https://api.stripe.com/v1/customers',
      headers: {},
      bodyType: 'form',
      body: { name: 'Jenny Rosen', email: 'jenny.rosen@example.com' },
      auth: { type: 'basic', username: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc', password: '' },
      warnings: [],
    });
  });

  it('GitHub docs: -L, -X POST, Bearer and custom headers, JSON body in single quotes', () => {
    const r = parseCurl(`curl -L \\
  -X POST \\
  -H "Accept: application/vnd.github+json" \\
  -H "Authorization: Bearer <YOUR-TOKEN>" \\
  -H "X-GitHub-Api-Version: 2022-11-28" \\
  https://api.github.com/repos/OWNER/REPO/issues \\
  -d '{"title":"Found a bug","body":"I'"'"'m having a problem with this.","labels":["bug"]}'`);
    expect(r.method).toBe('POST');
    expect(r.url).toBe('https://api.github.com/repos/OWNER/REPO/issues');
    expect(r.headers).toEqual({ accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' });
    expect(r.auth).toEqual({ type: 'bearer', token: '<YOUR-TOKEN>' });
    // '"'"' is how a shell puts a single quote inside single quotes.
    expect(r).toMatchObject({ bodyType: 'json', body: { body: "I'm having a problem with this.", labels: ['bug'] } });
  });

  it('Slack docs: --json with a Bearer token', () => {
    const r = parseCurl(
      `curl --json '{"channel":"C123","text":"Hello"}' -H 'Authorization: Bearer xoxb-1-2' https://slack.com/api/chat.postMessage`,
    );
    expect(r).toMatchObject({
      method: 'POST',
      headers: { accept: 'application/json' },
      bodyType: 'json',
      body: { channel: 'C123', text: 'Hello' },
      auth: { type: 'bearer', token: 'xoxb-1-2' },
    });
  });

  it('Chrome "Copy as cURL (bash)": $\'…\' quoting with escapes, --data-raw, --compressed', () => {
    const r = parseCurl(`curl 'https://example.com/api/items?page=2' \\
  -H 'accept: */*' \\
  -H 'content-type: application/json' \\
  -H $'x-note: it\\'s \\u00e9t\\xe9' \\
  --data-raw $'{"name":"caf\\u00e9","lines":"a\\\\nb"}' \\
  --compressed`);
    expect(r.method).toBe('POST');
    expect(r.url).toBe('https://example.com/api/items?page=2');
    expect(r.headers).toEqual({ accept: '*/*', 'x-note': "it's été" });
    expect(r.bodyType).toBe('json');
    expect(r.body).toEqual({ name: 'café', lines: 'a\nb' });
  });

  it('Twilio docs: -X POST, --data-urlencode repeated, -u SID:$TOKEN', () => {
    const r = parseCurl(`curl -X POST "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json" \\
--data-urlencode "Body=Hi there" \\
--data-urlencode "From=+15557122661" \\
--data-urlencode "To=+15558675310" \\
-u AC123:secret-token`);
    expect(r.body).toEqual({ Body: 'Hi there', From: '+15557122661', To: '+15558675310' });
    expect(r.bodyType).toBe('form');
    expect(r.auth).toEqual({ type: 'basic', username: 'AC123', password: 'secret-token' });
  });

  it('-F fields become a form body; a file upload is reported, not silently dropped', () => {
    const r = parseCurl(`curl -F 'name=report' -F "file=@/tmp/report.pdf" https://upload.example.com/files`);
    expect(r).toMatchObject({ method: 'POST', bodyType: 'form', body: { name: 'report', file: '@/tmp/report.pdf' } });
    expect(r.warnings).toEqual(['the file in -F file is not uploaded']);
  });

  it('a plain GET with no scheme, -s -S flags and an Authorization: Basic header', () => {
    const r = parseCurl(`curl -sS example.com/health -H "Authorization: Basic dXNlcjpwYXNz"`);
    expect(r).toEqual({
      method: 'GET',
      url: 'http://example.com/health',
      headers: {},
      bodyType: 'none',
      auth: { type: 'basic', username: 'user', password: 'pass' },
      warnings: [],
    });
  });

  it("attached short options (-XPUT, -H'…') and --request", () => {
    const r = parseCurl(`curl -XPUT -H'Content-Type: text/plain' -d 'just text' https://x.test/a`);
    expect(r).toMatchObject({ method: 'PUT', bodyType: 'text', body: 'just text' });
    expect(r.headers).toEqual({ 'content-type': 'text/plain' });
    expect(parseCurl('curl --request delete https://x.test/a/1').method).toBe('DELETE');
  });

  it('-G moves -d data into the query; -I is HEAD', () => {
    expect(parseCurl(`curl -G https://x.test/search -d q=hook -d page=2`)).toMatchObject({
      method: 'GET',
      url: 'https://x.test/search?q=hook&page=2',
      bodyType: 'none',
    });
    expect(parseCurl('curl -I https://x.test/').method).toBe('HEAD');
  });

  it('double quotes keep escaped quotes and dollars; -A, -e and -b become headers; ignored options skip their value', () => {
    const r = parseCurl(
      `curl -o out.json -m 10 -A "hookflow/1" -e https://ref.test -b "sid=1" -d "{\\"price\\": \\"\\$5\\"}" -H "Content-Type: application/json" https://x.test/p`,
    );
    expect(r.url).toBe('https://x.test/p');
    expect(r.body).toEqual({ price: '$5' });
    expect(r.headers).toEqual({ 'user-agent': 'hookflow/1', referer: 'https://ref.test', cookie: 'sid=1' });
  });

  it('a JSON-looking body with no content type is JSON; a vendor JSON type is kept as a header', () => {
    expect(parseCurl(`curl https://x.test -d '[1,2]'`)).toMatchObject({ bodyType: 'json', body: [1, 2] });
    const r = parseCurl(`curl https://x.test -H 'Content-Type: application/vnd.api+json' -d '{"a":1}'`);
    expect(r).toMatchObject({ bodyType: 'json', body: { a: 1 } });
    expect(r.headers['content-type']).toBe('application/vnd.api+json');
  });

  it('Windows-style CRLF continuations and --url', () => {
    const r = parseCurl('curl \\\r\n  --url https://x.test/v1 \\\r\n  --header "X-A: 1"');
    expect(r).toMatchObject({ method: 'GET', url: 'https://x.test/v1', headers: { 'x-a': '1' } });
  });

  it('refuses what is not a usable cURL command, with a reason', () => {
    expect(() => parseCurl('wget https://x.test')).toThrow(CurlParseError);
    expect(() => parseCurl('curl -H "X: 1"')).toThrow(/no URL/);
    expect(() => parseCurl("curl 'https://x.test")).toThrow(/not closed/);
    expect(() => parseCurl('curl -X PROPFIND https://x.test')).toThrow(/cannot send PROPFIND/);
    expect(() => parseCurl('curl https://x.test -H')).toThrow(/needs a value/);
  });

  it('splits words like a shell', () => {
    expect(shellWords(`a 'b c' "d \\"e\\"" f\\ g $'h\\ti' "" x`)).toEqual([
      'a',
      'b c',
      'd "e"',
      'f g',
      'h\ti',
      '',
      'x',
    ]);
  });
});
