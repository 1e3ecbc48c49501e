import { useEffect, useMemo, useState } from 'react';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { api } from '../api/endpoints.ts';
import { type Problem, problemsFromServer, validateGraph } from '../workflow/graph-validation.ts';
import type { NodeCatalog } from '../workflow/node-catalog.ts';

/**
 * Problems shown on the canvas: the editor's own checks on every edit, plus the server's schema
 * validation shortly after editing stops (it knows rules the editor does not, e.g. per-node
 * constraints). Server problems on a field the editor already flags are not repeated.
 */
export function useValidation(doc: WorkflowDocument, catalog: NodeCatalog) {
  const local = useMemo(() => validateGraph(doc, catalog), [doc, catalog]);
  const [remote, setRemote] = useState<Problem[]>([]);

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      api.validate(doc).then(
        (result) => {
          if (!cancelled) setRemote(result.valid ? [] : problemsFromServer(doc, result.errors));
        },
        () => {
          if (!cancelled) setRemote([]);
        },
      );
    }, 700);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [doc]);

  const problems = useMemo(() => {
    const covered = (problem: Problem) =>
      local.some(
        (mine) =>
          mine.nodeId === problem.nodeId &&
          (problem.field === null
            ? mine.field !== null || mine.message === problem.message
            : mine.field === problem.field),
      );
    return [...local, ...remote.filter((problem) => !covered(problem))];
  }, [local, remote]);

  return { problems, setRemoteProblems: setRemote };
}
