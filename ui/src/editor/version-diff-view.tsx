import type { ReactNode } from 'react';
import type { EdgeSpec } from '../../../server/workflow/types.ts';
import { isEmptyDiff, type ValueChange, type WorkflowDiff } from '../workflow/version-diff.ts';

type Props = { diff: WorkflowDiff; from: number; to: number };

/** The differences between two versions, grouped the way a reviewer reads a change. */
export function VersionDiffView({ diff, from, to }: Props) {
  return (
    <section className="version-diff" data-testid="version-diff" aria-label={`Changes from v${from} to v${to}`}>
      <h3>
        v{from} → v{to}
      </h3>
      {isEmptyDiff(diff) && <p className="muted">No differences.</p>}
      <Changes title="Workflow" changes={diff.workflow} />
      <Changes title="Trigger" changes={diff.trigger} />
      <Changes title="Settings" changes={diff.settings} />
      {diff.addedSteps.length > 0 && (
        <DiffGroup title={`Steps added (${diff.addedSteps.length})`}>
          {diff.addedSteps.map((step) => (
            <li key={step.id} className="diff-added">
              + <code>{step.id}</code> <span className="muted">{step.type}</span>
            </li>
          ))}
        </DiffGroup>
      )}
      {diff.removedSteps.length > 0 && (
        <DiffGroup title={`Steps removed (${diff.removedSteps.length})`}>
          {diff.removedSteps.map((step) => (
            <li key={step.id} className="diff-removed">
              − <code>{step.id}</code> <span className="muted">{step.type}</span>
            </li>
          ))}
        </DiffGroup>
      )}
      {diff.changedSteps.length > 0 && (
        <DiffGroup title={`Steps changed (${diff.changedSteps.length})`}>
          {diff.changedSteps.map((step) => (
            <li key={step.id} data-testid={`diff-step-${step.id}`}>
              <code>{step.id}</code> <span className="muted">{step.type}</span>
              <ChangeRows changes={step.changes} />
            </li>
          ))}
        </DiffGroup>
      )}
      {diff.addedEdges.length + diff.removedEdges.length > 0 && (
        <DiffGroup title="Connections">
          {diff.addedEdges.map((edge) => (
            <li key={`+${edgeText(edge)}`} className="diff-added">
              + {edgeText(edge)}
            </li>
          ))}
          {diff.removedEdges.map((edge) => (
            <li key={`-${edgeText(edge)}`} className="diff-removed">
              − {edgeText(edge)}
            </li>
          ))}
        </DiffGroup>
      )}
      {(diff.movedNodes > 0 || diff.notesChanged) && (
        <p className="muted small">
          {[
            diff.movedNodes > 0 ? `${diff.movedNodes} node${diff.movedNodes === 1 ? '' : 's'} moved` : '',
            diff.notesChanged ? 'sticky notes changed' : '',
          ]
            .filter(Boolean)
            .join('; ')}{' '}
          (layout only, no change in behaviour).
        </p>
      )}
    </section>
  );
}

function DiffGroup({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="diff-group">
      <h4>{title}</h4>
      <ul>{children}</ul>
    </div>
  );
}

function Changes({ title, changes }: { title: string; changes: ValueChange[] }) {
  if (changes.length === 0) return null;
  return (
    <div className="diff-group">
      <h4>{title}</h4>
      <ChangeRows changes={changes} />
    </div>
  );
}

function ChangeRows({ changes }: { changes: ValueChange[] }) {
  return (
    <table className="diff-table">
      <tbody>
        {changes.map((change) => (
          <tr key={change.path}>
            <th scope="row">
              <code>{change.path}</code>
            </th>
            <td className="diff-removed">{show(change.before)}</td>
            <td aria-hidden="true">→</td>
            <td className="diff-added">{show(change.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function edgeText(edge: EdgeSpec): string {
  return `${edge.from} → ${edge.to}${edge.branch ? ` (${edge.branch})` : ''}`;
}

const MAX_SHOWN = 160;

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}
