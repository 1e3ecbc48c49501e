// Compiled workflows by id@version and trigger tokens, cached so the hot path does no
// compiling and, for a known token, no store read. Token entries expire after a short TTL
// so that another process's rotation or deactivation is honoured within that bound; in
// this process, changes invalidate at once.
import type { Store, TokenTarget } from '../store/store.ts';
import type { WorkflowDocument } from '../workflow/types.ts';
import { type CompiledWorkflow, compileWorkflow, createCompiledCache } from './compile-workflow.ts';
import type { ExpressionLimits } from './expressions.ts';

/** A test run carries its own document (unsaved, maybe inactive) instead of a stored version. */
export type TestRunSource = { executionId: string; document: WorkflowDocument };

export type WorkflowLoader = {
  load(workflowId: string, version: number, testRun?: TestRunSource | null): Promise<CompiledWorkflow | null>;
  resolveToken(token: string): Promise<(TokenTarget & { workflow: CompiledWorkflow }) | null>;
  /** Forget cached tokens (after a save, rotation, (de)activation or delete). */
  invalidate(): void;
};

export function createWorkflowLoader(store: Store, limits: ExpressionLimits, tokenTtlMs = 2000): WorkflowLoader {
  const compiled = createCompiledCache();
  const tokens = new Map<string, { target: TokenTarget | null; expires: number }>();

  // Keyed by execution: a test run is compiled once, however often it is resumed.
  const tests = createCompiledCache(50);
  const load = async (workflowId: string, version: number, testRun?: TestRunSource | null) => {
    if (testRun) {
      const cached = tests.get(testRun.executionId, 0);
      if (cached) return { ...cached, id: workflowId };
      const { compiled: c } = compileWorkflow({ ...testRun.document, id: workflowId }, version, limits);
      // The API compiled it before accepting the run; null here means it no longer does
      // (a node type removed by an upgrade): the run fails like a missing version.
      if (c) tests.set({ ...c, id: testRun.executionId, version: 0 });
      return c ? { ...c, id: workflowId } : null;
    }
    const hit = compiled.get(workflowId, version);
    if (hit) return hit;
    const v = await store.getVersion(workflowId, version);
    if (!v) return null;
    const { compiled: c, problems } = compileWorkflow(v.document, version, limits);
    if (!c) throw new Error(`stored workflow ${workflowId} v${version} does not compile: ${JSON.stringify(problems)}`);
    compiled.set(c);
    return c;
  };

  return {
    load,
    async resolveToken(token) {
      const now = Date.now();
      let entry = tokens.get(token);
      if (!entry || entry.expires < now) {
        entry = { target: await store.findByToken(token), expires: now + tokenTtlMs };
        if (tokens.size > 10_000) tokens.clear();
        tokens.set(token, entry);
      }
      if (!entry.target) return null;
      const workflow = await load(entry.target.workflowId, entry.target.version);
      return workflow ? { ...entry.target, workflow } : null;
    },
    invalidate() {
      tokens.clear();
    },
  };
}
