import type { StepSpec } from '../../../../server/workflow/types.ts';
import { connect, removeElements } from '../../workflow/document-ops.ts';
import { edgeKey, stepOutputHandles } from '../../workflow/outputs.ts';
import { useEditor } from '../editor-context.tsx';

/** Outgoing connections per output, editable without a mouse. */
export function StepConnections({ step }: { step: StepSpec }) {
  const { doc, edit, catalog } = useEditor();
  const handles = stepOutputHandles(step, catalog.get(step.type), doc.edges);
  const targets = doc.steps.filter((other) => other.id !== step.id);

  return (
    <details className="panel-section">
      <summary>Connections</summary>
      {handles.map((handle) => {
        const outgoing = doc.edges.filter((edge) => edge.from === step.id && edge.branch === handle.branch);
        const available = targets.filter((target) => !outgoing.some((edge) => edge.to === target.id));
        const label = handle.label ?? 'next';
        return (
          <div key={handle.id} className="connection-group">
            <h4>{handle.id === 'error' ? 'On error' : `Output: ${label}`}</h4>
            <ul>
              {outgoing.map((edge) => (
                <li key={edgeKey(edge)}>
                  → <code>{edge.to}</code>{' '}
                  <button
                    type="button"
                    className="link danger-text"
                    aria-label={`Disconnect ${edge.to} from ${label}`}
                    onClick={() => edit((current) => removeElements(current, [], [edgeKey(edge)]))}
                  >
                    remove
                  </button>
                </li>
              ))}
            </ul>
            {available.length > 0 && (
              <select
                aria-label={`Connect ${label} output to`}
                value=""
                onChange={(event) => {
                  const to = event.target.value;
                  if (to) edit((current) => connect(current, { from: step.id, to, branch: handle.branch }));
                }}
              >
                <option value="">Connect to…</option>
                {available.map((target) => (
                  <option key={target.id} value={target.id}>
                    {target.id}
                  </option>
                ))}
              </select>
            )}
          </div>
        );
      })}
    </details>
  );
}
