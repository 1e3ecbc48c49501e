// Browser hardening on everything but trigger replies: the editor, the API (successes and
// errors), health; no source maps served; HSTS once the server is reached over https.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import viteConfig from '../../../ui/vite.config.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

function uiDir(): { dir: string; cleanup: () => void } {
  const t = tempDir('hookflow-ui-');
  mkdirSync(path.join(t.dir, 'assets'));
  writeFileSync(path.join(t.dir, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
  writeFileSync(path.join(t.dir, 'assets', 'app.js'), 'console.log("editor")\n//# sourceMappingURL=app.js.map');
  writeFileSync(path.join(t.dir, 'assets', 'app.js.map'), '{"version":3,"sources":["../src/secret-source.tsx"]}');
  return t;
}

function expectHardened(res: Response, what: string): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toMatch(/(^|; )script-src 'self'(;|$)/);
  expect(csp, what).toContain("object-src 'none'");
  expect(res.headers.get('x-frame-options'), what).toBe('DENY');
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('referrer-policy'), what).toBe('same-origin');
}

describe('security headers of the editor and the API', () => {
  let hf: TestHookflow;
  let ui: { dir: string; cleanup: () => void };
  beforeAll(async () => {
    ui = uiDir();
    hf = await startHookflow({ UI_DIR: ui.dir });
  });
  afterAll(async () => {
    await hf?.close();
    ui?.cleanup();
  });

  it('every editor, API and health response carries CSP, X-Frame-Options, nosniff and Referrer-Policy', async () => {
    const requests: [string, string, RequestInit?][] = [
      ['editor', '/'],
      ['deep link', '/workflows/abc/executions/def'],
      ['asset', '/assets/app.js'],
      ['api ok', '/api/workflows', { headers: { authorization: `Bearer ${hf.apiKey}` } }],
      ['api 401', '/api/workflows'],
      ['api 404', '/api/nope', { headers: { authorization: `Bearer ${hf.apiKey}` } }],
      [
        'api bad json',
        '/api/workflows',
        {
          method: 'POST',
          headers: { authorization: `Bearer ${hf.apiKey}`, 'content-type': 'application/json' },
          body: '{',
        },
      ],
      ['session', '/api/auth/session'],
      ['healthz', '/healthz'],
    ];
    for (const [what, p, init] of requests) {
      const res = await fetch(`${hf.url}${p}`, init);
      await res.arrayBuffer();
      expect(res.status, what).toBeLessThan(500);
      expectHardened(res, what);
      // Plain http: HSTS would be ignored by browsers and wrong to promise.
      expect(res.headers.get('strict-transport-security'), what).toBeNull();
    }
  });

  it('source maps are not served, even when a build left one in UI_DIR', async () => {
    for (const p of ['/assets/app.js.map', '/assets/APP.JS.MAP', '/assets/missing.js.map']) {
      const res = await fetch(`${hf.url}${p}`);
      expect(res.status, p).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
  });

  it('the production build makes no source maps', () => {
    const build = (viteConfig as { build?: { sourcemap?: unknown } }).build;
    expect(build?.sourcemap).toBe(false);
  });
});

describe('HSTS', () => {
  it('is sent on the editor, the API and trigger replies when PUBLIC_URL is https', async () => {
    const hf = await startHookflow({ PUBLIC_URL: 'https://flows.example.com' });
    try {
      for (const p of ['/', '/api/auth/session', '/healthz', '/hooks/unknown-token']) {
        const res = await fetch(`${hf.url}${p}`);
        await res.arrayBuffer();
        expect(res.headers.get('strict-transport-security'), p).toMatch(/^max-age=\d{7,}/);
      }
    } finally {
      await hf.close();
    }
  });
});
