import { Panel } from '@xyflow/react';
import { useState } from 'react';
import { useEditor } from '../editor-context.tsx';

/** A summary of the graph's problems in the canvas corner; each entry selects its node. */
export function ProblemsPanel() {
  const { problems, select } = useEditor();
  const [open, setOpen] = useState(false);
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.length - errors;
  if (problems.length === 0) {
    return (
      <Panel position="bottom-center" className="problems-panel is-clean" data-testid="problems-summary">
        ✓ No problems
      </Panel>
    );
  }
  return (
    <Panel position="bottom-center" className="problems-panel" data-testid="problems-summary">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {errors > 0 && <span className="error-text">{`${errors} error${errors > 1 ? 's' : ''}`}</span>}
        {errors > 0 && warnings > 0 && ' · '}
        {warnings > 0 && <span className="warning-text">{`${warnings} warning${warnings > 1 ? 's' : ''}`}</span>}
      </button>
      {open && (
        <ul className="problem-list">
          {problems.map((problem, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: problems are recomputed as a whole on each edit
            <li key={index} className={`problem-${problem.severity}`}>
              {problem.nodeId ? (
                <button type="button" className="link" onClick={() => select([problem.nodeId!])}>
                  <code>{problem.nodeId}</code>
                </button>
              ) : (
                <span>workflow</span>
              )}{' '}
              {problem.message}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
