// Step records written before waits were an explicit field kept `{resumeAt, state?,
// wakeable?}` in `output`, and a retry backoff differed from a parked node only by having an
// `error`. The SQL adapters convert such rows in a migration (042-step-wait, the same rule in
// SQL); the MongoDB adapter converts each one as it reads it, with this function.
import type { StepWait } from '../domain/execution.ts';

export function legacyWait(status: string, output: unknown, error: unknown): StepWait | null {
  if (status !== 'waiting' || !output || typeof output !== 'object') return null;
  const o = output as { resumeAt?: unknown; state?: unknown; wakeable?: unknown };
  if (typeof o.resumeAt !== 'number') return null;
  const kind = error !== null && error !== undefined ? 'retry' : o.wakeable === true ? 'call' : 'park';
  return { kind, resumeAt: o.resumeAt, state: o.state ?? null };
}
