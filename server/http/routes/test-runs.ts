// POST /api/workflows/:id/test-run — run the editor's document (saved or not, active or not)
// against a pasted payload, a captured sample, or the input of an earlier run; with
// `stepId`, run only that step on the earlier run's outputs ("Run this step").
import { Router } from 'express';
import { validateWorkflow } from '../../authoring/validate-workflow.ts';
import { startTestRun } from '../../engine/test-run.ts';
import type { TriggerInput } from '../../http/api-types.ts';
import { invalid, notFound } from '../../lib/errors.ts';
import { SAMPLES_KEPT } from '../../triggers/capture-sample.ts';
import type { WorkflowDocument } from '../../workflow/types.ts';
import type { AppContext } from '../app-context.ts';

type Problem = { pointer: string; message: string };
type Input = Pick<TriggerInput, 'method' | 'headers' | 'query' | 'body'>;

const KEYS = new Set(['document', 'input', 'sampleId', 'fromExecution', 'stepId']);
const INPUT_KEYS = new Set(['method', 'headers', 'query', 'body']);
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function testRunsRouter(ctx: AppContext): Router {
  const router = Router({ caseSensitive: true });
  const { store } = ctx;

  router.post('/:id/test-run', async (req, res) => {
    const wf = await store.getWorkflow(req.params.id);
    if (!wf) throw notFound('workflow', req.params.id);
    const body: unknown = req.body;
    if (!isObject(body))
      throw invalid('the body must be a JSON object', [{ pointer: '/', message: 'must be an object' }]);
    const problems: Problem[] = Object.keys(body)
      .filter((k) => !KEYS.has(k))
      .map((k) => ({ pointer: `/${k}`, message: `is not a test-run field (${[...KEYS].join(', ')})` }));
    const sources = ['input', 'sampleId', 'fromExecution'].filter((k) => body[k] !== undefined);
    if (sources.length !== 1) {
      problems.push({ pointer: '/', message: 'give exactly one of input (a payload), sampleId or fromExecution' });
    }
    if (body.stepId !== undefined && (typeof body.stepId !== 'string' || body.fromExecution === undefined)) {
      problems.push({
        pointer: '/stepId',
        message: 'must be a step id, given with fromExecution (the run whose outputs it uses)',
      });
    }
    if (problems.length > 0) throw invalid('the test run request is not valid', problems);

    // The document on screen, or the saved one; checked like a save (a test run must compile).
    const raw = body.document === undefined ? wf.document : body.document;
    if (isObject(raw) && raw.id === undefined) raw.id = wf.id;
    if (isObject(raw) && raw.id !== wf.id) {
      throw invalid('the document belongs to another workflow', [
        { pointer: '/document/id', message: `must be "${wf.id}"` },
      ]);
    }
    const checked = validateWorkflow(raw, ctx.limits);
    if (!checked.ok) {
      const details = checked.problems.map((p) => ({
        ...p,
        pointer: `/document${p.pointer === '/' ? '' : p.pointer}`,
      }));
      throw invalid("fix the workflow's problems before running it", details);
    }
    const document: WorkflowDocument = checked.document;
    const stepId = body.stepId as string | undefined;
    if (stepId !== undefined && !document.steps.some((s) => s.id === stepId)) {
      throw invalid(`there is no step "${stepId}" in this workflow`, [{ pointer: '/stepId', message: 'no such step' }]);
    }

    let input: Input;
    let step: { stepId: string; records: Awaited<ReturnType<typeof store.listStepRecords>> } | undefined;
    if (body.input !== undefined) {
      input = parseInput(body.input);
    } else if (body.sampleId !== undefined) {
      const sample =
        typeof body.sampleId === 'string'
          ? (await store.listSamples(wf.id, SAMPLES_KEPT)).find((s) => s.id === body.sampleId)
          : undefined;
      if (!sample) throw notFound('sample', String(body.sampleId));
      input = { method: sample.method, headers: sample.headers, query: sample.query, body: sample.body };
    } else {
      const from = typeof body.fromExecution === 'string' ? await store.getExecution(body.fromExecution) : null;
      if (!from || from.workflowId !== wf.id) throw notFound('execution of this workflow', String(body.fromExecution));
      const { receivedAt: _r, ...trigger } = from.trigger;
      input = trigger;
      if (stepId !== undefined) step = { stepId, records: await store.listStepRecords(from.id) };
    }

    const id = await startTestRun(store, ctx.queue, {
      workflowId: wf.id,
      baseVersion: wf.version,
      document,
      input,
      step,
    });
    res.status(202).location(`/api/executions/${id}`).json({ executionId: id, status: 'queued', testRun: true });
  });

  return router;
}

function parseInput(raw: unknown): Input {
  const problems: Problem[] = [];
  if (!isObject(raw))
    throw invalid('input must be an object', [
      { pointer: '/input', message: 'must be { body, method?, headers?, query? }' },
    ]);
  for (const k of Object.keys(raw)) {
    if (!INPUT_KEYS.has(k))
      problems.push({ pointer: `/input/${k}`, message: 'is not an input field (method, headers, query, body)' });
  }
  const method = raw.method === undefined ? 'POST' : raw.method;
  if (typeof method !== 'string' || !METHODS.has(method)) {
    problems.push({ pointer: '/input/method', message: `must be one of ${[...METHODS].join(', ')}` });
  }
  const headers = raw.headers === undefined ? {} : raw.headers;
  if (!isObject(headers) || Object.values(headers).some((v) => typeof v !== 'string')) {
    problems.push({ pointer: '/input/headers', message: 'must be an object of text values' });
  }
  const query = raw.query === undefined ? {} : raw.query;
  if (!isObject(query)) problems.push({ pointer: '/input/query', message: 'must be an object' });
  if (problems.length > 0) throw invalid('the test input is not valid', problems);
  // Header names are lower case, as a real request's are.
  const lower = Object.fromEntries(
    Object.entries(headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
  );
  return { method: method as string, headers: lower, query: query as Record<string, unknown>, body: raw.body ?? null };
}
