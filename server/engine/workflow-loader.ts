// Compiled workflows by id@version and trigger tokens, cached so the hot path does no
// compiling and, for a known token, no store read. Token entries expire after a short TTL
// so that another process's rotation or deactivation is honoured within that bound; in
// this process, changes invalidate at once.
import type { Store, TokenTarget } from '../store/store.ts';
import { type CompiledWorkflow, compileWorkflow, createCompiledCache } from './compile-workflow.ts';
import type { ExpressionLimits } from './expressions.ts';

export type WorkflowLoader = {
  load(workflowId: string, version: number): Promise<CompiledWorkflow | null>;
  resolveToken(token: string): Promise<(TokenTarget & { workflow: CompiledWorkflow }) | null>;
  /** Forget cached tokens (after a save, rotation, (de)activation or delete). */
  invalidate(): void;
};

export function createWorkflowLoader(store: Store, limits: ExpressionLimits, tokenTtlMs = 2000): WorkflowLoader {
  const compiled = createCompiledCache();
  const tokens = new Map<string, { target: TokenTarget | null; expires: number }>();

  const load = async (workflowId: string, version: number) => {
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
