// The front-door fuzz suite (issue 10): a known-bad corpus plus thousands of generated
// bodies, content types, encodings and headers against a spawned server, on the main URL of
// an `auth: none` workflow (JSON Schema + dedupe key), on its /test URL, and on /test of an
// inactive HMAC workflow. Asserts only: every answer is 2xx/4xx (never 5xx, never none),
// the process is alive at the end, its peak RSS is bounded, and every valid request
// interleaved with the hostile ones was accepted and executed. FUZZ_RUNS sizes the generated
// part (`npm run fuzz` runs a long one); FUZZ_SEED replays a run.
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostileRig, startHostileRig } from '../../helpers/hostile-rig.ts';
import { rawExchange } from '../../helpers/raw-http.ts';
import { type FuzzRequest, HTTP_CORPUS, RAW_CORPUS } from './corpus.ts';
import { fuzzRequest } from './generators.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 4000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
const VALID_EVERY = 8;
const PEAK_RSS_LIMIT = 400 * 1024 * 1024;

describe('ingress fuzz', () => {
  let rig: HostileRig;
  let agent: http.Agent;
  const mix = new Map<number | string, number>();
  let sent = 0;
  const validIds: string[] = [];
  let validSeq = 0;

  beforeAll(async () => {
    rig = await startHostileRig();
    agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  });
  afterAll(async () => {
    agent?.destroy();
    await rig?.close();
  });

  const pathOf = (p: FuzzRequest['path']) =>
    p === 'open' ? rig.openPath : p === 'openTest' ? `${rig.openPath}/test` : rig.signedTestPath;
  const count = (status: number | string) => {
    sent++;
    mix.set(status, (mix.get(status) ?? 0) + 1);
  };

  const framed = (req: FuzzRequest): Record<string, string> => {
    const names = Object.keys(req.headers).map((k) => k.toLowerCase());
    if (req.body.length === 0 || names.includes('content-length') || names.includes('transfer-encoding')) {
      return req.headers;
    }
    return { ...req.headers, 'content-length': String(req.body.length) };
  };

  /** Resolves with the status, or 'none' when no answer came within 15 s. */
  const send = (req: FuzzRequest): Promise<{ status: number | 'none'; body: string }> =>
    new Promise<{ status: number | 'none'; body: string }>((resolve) => {
      const r = http.request(
        {
          host: '127.0.0.1',
          port: rig.proc.port as number,
          path: pathOf(req.path),
          method: req.method,
          // Node's client sends a DELETE/GET/OPTIONS body without framing when no length is
          // given: its bytes would then start the next request on the kept-alive connection
          // (the server rightly answers that one 400). Real senders frame their bodies.
          headers: framed(req),
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', () => resolve({ status: res.statusCode ?? 0, body: '' }));
        },
      );
      r.setTimeout(15_000, () => r.destroy(new Error('timeout')));
      r.on('error', () => resolve({ status: 'none', body: '' }));
      r.end(req.body);
    }).then((out) => {
      count(out.status);
      return out;
    });

  const expectAnswered = (out: { status: number | 'none'; body: string }, what: string) => {
    expect(out.status, `${what}: ${out.body.slice(0, 300)}`).not.toBe('none');
    const status = out.status as number;
    expect(status >= 200 && status < 500, `${what} → ${status} ${out.body.slice(0, 300)}`).toBe(true);
    if (status >= 400) expect(JSON.parse(out.body).error.code, what).toEqual(expect.any(String));
  };

  /** A genuine delivery, plain or gzip: must be accepted whatever came before it. */
  const sendValid = async () => {
    const id = `valid-${validSeq++}`;
    const json = Buffer.from(JSON.stringify({ id, n: validSeq }));
    const zipped = validSeq % 2 === 0;
    const out = await send({
      path: 'open',
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(zipped ? { 'content-encoding': 'gzip' } : {}) },
      body: zipped ? gzipSync(json) : json,
    });
    expect(out.status, `valid ${id}: ${out.body}`).toBe(202);
    validIds.push(JSON.parse(out.body).executionId);
  };

  it('the known-bad corpus over HTTP, on every URL', async () => {
    for (const c of HTTP_CORPUS) {
      for (const path of ['open', 'openTest', 'signedTest'] as const) {
        const headers: Record<string, string> = {};
        if (c.type) headers['content-type'] = c.type;
        if (c.encoding) headers['content-encoding'] = c.encoding;
        expectAnswered(await send({ path, method: 'POST', headers, body: c.body }), `${c.name} on ${path}`);
      }
      await sendValid();
    }
  });

  it('the known-bad corpus as raw bytes', async () => {
    for (const c of RAW_CORPUS) {
      for (const path of [rig.openPath, rig.signedTestPath]) {
        const ex = await rawExchange(rig.proc.port as number, c.bytes(path), {
          halfClose: c.halfClose,
          abortAfterWrite: c.abort,
          gapMs: 20,
          // Keep-alive connections stay open after their answer: the first answer is enough.
          expect: 1,
          timeoutMs: c.abort ? 300 : 10_000,
        });
        const statuses = ex.responses.map((r) => r.status);
        count(statuses[0] ?? (c.answered ? 'none' : 'cut by us'));
        if (c.answered) expect(statuses.length, `${c.name}: ${ex.rest.slice(0, 200)}`).toBeGreaterThan(0);
        for (const s of statuses) expect(s >= 200 && s < 500, `${c.name} → ${statuses}`).toBe(true);
      }
      await sendValid();
    }
  });

  it(
    `${RUNS} generated requests: only 2xx/4xx`,
    async () => {
      let i = 0;
      await fc.assert(
        fc.asyncProperty(fuzzRequest, async (req) => {
          expectAnswered(await send(req), `${req.method} ${req.path} ${JSON.stringify(req.headers)}`);
          if (++i % VALID_EVERY === 0) await sendValid();
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    },
    Math.max(120_000, RUNS * 200),
  );

  it('the process is alive, its memory bounded, and every valid request executed', async () => {
    expect(rig.alive(), rig.proc.output().slice(-3000)).toBe(true);
    expect((await fetch(`${rig.proc.url}/healthz`)).status).toBe(200);
    const deadline = Date.now() + 60_000;
    const pending = new Set(validIds);
    while (pending.size > 0 && Date.now() < deadline) {
      for (const id of [...pending].slice(0, 50)) {
        const { body } = await rig.api(`/api/executions/${id}`);
        if (body?.status === 'succeeded') pending.delete(id);
        else expect(body?.status, `execution ${id}`).not.toBe('failed');
      }
      if (pending.size > 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect([...pending], 'valid executions not finished').toEqual([]);
    const peak = rig.peakRss();
    const statusMix = [...mix.entries()].sort(([a], [b]) => String(a).localeCompare(String(b)));
    console.log(
      `ingress fuzz: ${sent} requests (${RUNS} generated, seed ${SEED}), ${validIds.length} valid all executed; ` +
        `status mix ${statusMix.map(([s, n]) => `${s}:${n}`).join(' ')}; peak RSS ${(peak / 2 ** 20).toFixed(0)} MB`,
    );
    expect(mix.get('none') ?? 0, 'requests without an answer').toBe(0);
    expect(peak).toBeLessThan(PEAK_RSS_LIMIT);
  });
});
