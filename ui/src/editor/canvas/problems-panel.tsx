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
                <button
                  type="button"
                  className="link"
                  data-testid="problem-link"
                  onClick={() => {
                    select([problem.nodeId!]);
                    if (problem.field) focusField(problem.nodeId!, problem.field);
                  }}
                >
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

/** Focuses the parameter's input once the node panel has rendered it (or its row, for editors without one). */
function focusField(nodeId: string, field: string) {
  let tries = 0;
  const attempt = () => {
    const input = document.getElementById(`param-${nodeId}-${field}`);
    const row = document.querySelector<HTMLElement>(`[data-testid="step-panel"] [data-testid="param-${field}"]`);
    const target = input ?? row?.querySelector<HTMLElement>('input, select, textarea, .cm-content, button') ?? null;
    if (target) {
      // Scroll only the side panel: scrollIntoView would also scroll the page under the toolbar.
      target.focus({ preventScroll: true });
      const panel = target.closest<HTMLElement>('.tab-panel');
      if (panel) {
        const offset = target.getBoundingClientRect().top - panel.getBoundingClientRect().top;
        panel.scrollTop += offset - panel.clientHeight / 3;
      }
    } else if (tries++ < 10) {
      requestAnimationFrame(attempt);
    }
  };
  requestAnimationFrame(attempt);
}
