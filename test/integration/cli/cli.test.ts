// The `hookflow` CLI as users run it: a child process talking to a real server over HTTP.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'server', 'cli', 'hookflow.ts');
const run = promisify(execFile);

type Result = { code: number; stdout: string; stderr: string };

async function hookflow(args: string[], env: Record<string, string> = {}): Promise<Result> {
  try {
    const r = await run(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const doc = (id: string, name = id) => ({
  id,
  name,
  trigger: { type: 'webhook', methods: ['POST'] },
  steps: [{ id: 'shape', type: 'transform', params: { expression: '{ "total": trigger.body.a + trigger.body.b }' } }],
  edges: [{ from: 'trigger', to: 'shape' }],
  layout: { shape: { x: 240, y: 80 } },
});

let hf: TestHookflow | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await hf?.close();
  hf = undefined;
  for (const c of cleanups.splice(0)) c();
});

describe('hookflow CLI', () => {
  it('round-trips export → validate → sync --dry-run with no changes, then plans and applies changes', async () => {
    hf = await startHookflow();
    const env = { HOOKFLOW_URL: hf.url, HOOKFLOW_API_KEY: hf.apiKey! };
    await hf.api('/api/workflows', { body: doc('alpha') });
    await hf.api('/api/workflows', { body: doc('beta') });
    await hf.api('/api/workflows/beta/deactivate', { method: 'POST' });
    const out = tempDir('hookflow-export-');
    cleanups.push(out.cleanup);

    const exported = await hookflow(['export', '--all', '--out', out.dir], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(readdirSync(out.dir).sort()).toEqual(['alpha.json', 'beta.json']);
    const alphaText = readFileSync(path.join(out.dir, 'alpha.json'), 'utf8');
    expect(
      alphaText.startsWith(
        '{\n  "$schema": "./workflow.schema.json",\n  "id": "alpha",\n  "name": "alpha",\n  "active": true,',
      ),
    ).toBe(true);
    expect(JSON.parse(readFileSync(path.join(out.dir, 'beta.json'), 'utf8')).active).toBe(false);
    // Exporting again writes the same bytes.
    const again = await hookflow(['export', '--all', '--out', out.dir], env);
    expect(again.stdout).toContain('unchanged');
    expect(readFileSync(path.join(out.dir, 'alpha.json'), 'utf8')).toBe(alphaText);

    const valid = await hookflow(['validate', out.dir]);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toContain('2 valid');

    const noop = await hookflow(['sync', out.dir, '--dry-run'], env);
    expect(noop.code, noop.stderr).toBe(0);
    expect(noop.stdout).toMatch(/^No changes: the server matches/m);

    // Edit one file, remove one, add one: the dry run shows the plan and changes nothing.
    const alpha = JSON.parse(alphaText);
    writeFileSync(path.join(out.dir, 'alpha.json'), JSON.stringify({ ...alpha, name: 'Alpha v2' }, null, 2));
    rmSync(path.join(out.dir, 'beta.json'));
    writeFileSync(path.join(out.dir, 'gamma.json'), JSON.stringify(doc('gamma'), null, 2));
    await hf.api('/api/workflows/beta/activate', { method: 'POST' });
    const before = (await hf.api('/api/workflows')).body;
    const plan = await hookflow(['sync', out.dir, '--dry-run'], env);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/~ update\s+alpha/);
    expect(plan.stdout).toMatch(/\+ create\s+gamma/);
    expect(plan.stdout).toMatch(/- deactivate beta \(not in the folder\)/);
    expect(plan.stdout).toContain('Dry run: 3 change(s) planned, nothing applied.');
    expect((await hf.api('/api/workflows')).body).toEqual(before);

    const applied = await hookflow(['sync', out.dir], env);
    expect(applied.code, applied.stderr).toBe(0);
    const after = (await hf.api('/api/workflows')).body.items as {
      id: string;
      name: string;
      active: boolean;
      version: number;
    }[];
    expect(after.map((w) => [w.id, w.name, w.active, w.version])).toEqual([
      ['alpha', 'Alpha v2', true, 2],
      ['beta', 'beta', false, 1],
      ['gamma', 'gamma', true, 1],
    ]);
    expect((await hookflow(['sync', out.dir, '--dry-run'], env)).stdout).toMatch(/^No changes/m);
  });

  it('fails validation of a broken file with exit code 1, the file and the pointer', async () => {
    const dir = tempDir('hookflow-files-');
    cleanups.push(dir.cleanup);
    const good = path.join(dir.dir, 'good.json');
    const broken = path.join(dir.dir, 'broken.json');
    const notJson = path.join(dir.dir, 'not-json.json');
    writeFileSync(good, JSON.stringify(doc('good')));
    const b = doc('broken');
    writeFileSync(
      broken,
      JSON.stringify({
        ...b,
        steps: [{ ...b.steps[0], type: 'no.such.node' }],
        edges: [...b.edges, { from: 'shape', to: 'ghost' }],
      }),
    );
    writeFileSync(notJson, '{ "id": ');
    const r = await hookflow(['validate', good, broken, notJson]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`ok ${good}`);
    expect(r.stderr).toMatch(new RegExp(`^${broken}: /steps/0/type: .+`, 'm'));
    expect(r.stderr).toMatch(new RegExp(`^${broken}: /edges/1/to: .+`, 'm'));
    expect(r.stderr).toMatch(new RegExp(`^${notJson}: /: not valid JSON`, 'm'));
    expect(r.stdout).toContain('2 of 3 invalid');

    // Import and sync refuse to send anything while a file is broken.
    hf = await startHookflow();
    const env = { HOOKFLOW_URL: hf.url, HOOKFLOW_API_KEY: hf.apiKey! };
    const imp = await hookflow(['import', dir.dir], env);
    expect(imp.code).toBe(1);
    expect(imp.stderr).toContain('nothing imported');
    const sync = await hookflow(['sync', dir.dir], env);
    expect(sync.code).toBe(1);
    expect(await hf.store.listWorkflows()).toEqual([]);
  });

  it('imports files, reports unchanged ones, and needs the API key', async () => {
    hf = await startHookflow();
    const dir = tempDir('hookflow-files-');
    cleanups.push(dir.cleanup);
    writeFileSync(path.join(dir.dir, 'one.json'), JSON.stringify(doc('one')));
    const noKey = await hookflow(['import', dir.dir], { HOOKFLOW_URL: hf.url });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/401 unauthenticated .*set HOOKFLOW_API_KEY/);
    expect(await hf.store.listWorkflows()).toEqual([]);
    const env = { HOOKFLOW_URL: hf.url, HOOKFLOW_API_KEY: hf.apiKey! };
    expect((await hookflow(['import', dir.dir], env)).stdout).toContain('created one v1');
    expect((await hookflow(['import', dir.dir], env)).stdout).toContain('unchanged one v1');
    writeFileSync(path.join(dir.dir, 'one.json'), JSON.stringify(doc('one', 'Renamed')));
    expect((await hookflow(['import', '--url', hf.url, dir.dir], { HOOKFLOW_API_KEY: hf.apiKey! })).stdout).toContain(
      'updated one v2',
    );
  });

  it('runs a workflow locally and prints every step', async () => {
    const dir = tempDir('hookflow-files-');
    cleanups.push(dir.cleanup);
    const file = path.join(dir.dir, 'sum.json');
    const payload = path.join(dir.dir, 'payload.json');
    writeFileSync(file, JSON.stringify(doc('sum')));
    writeFileSync(payload, JSON.stringify({ a: 2, b: 40 }));
    const r = await hookflow(['run', file, '--input', payload]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ok {3}shape \(transform\) attempt 1 \d+ ms\n {4}\{\n {6}"total": 42\n {4}\}$/m);
    expect(r.stdout).toMatch(/^execution succeeded in \d+ ms$/m);
    const json = await hookflow(['run', file, '--input', payload, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'succeeded', result: { total: 42 } });
    const bad = await hookflow(['run', file, '--input', path.join(dir.dir, 'missing.json')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--input');
  });
});
