import type { WorkflowView } from '../../../server/http/api-types.ts';
import { CopyButton } from '../components/copy-button.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { formatRelative } from '../lib/format.ts';
import { navigate, workflowPath } from '../lib/router.ts';

type Props = { view: WorkflowView; onExport: () => void; onDelete: () => void };

export function WorkflowRow({ view, onExport, onDelete }: Props) {
  const href = workflowPath(view.id);
  return (
    <tr data-testid={`workflow-row-${view.id}`}>
      <td>
        <a
          href={href}
          className="workflow-name"
          onClick={(event) => {
            event.preventDefault();
            navigate(href);
          }}
        >
          {view.name}
        </a>
        <div className="muted small">
          {view.id} · v{view.version}
        </div>
        {view.document.tags && view.document.tags.length > 0 && (
          <ul className="tag-list" aria-label={`Tags of ${view.name}`}>
            {view.document.tags.map((tag) => (
              <li key={tag} className="tag">
                {tag}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        <span className={`pill ${view.active ? 'pill-on' : 'pill-off'}`}>{view.active ? 'Active' : 'Inactive'}</span>
      </td>
      <td>
        {view.lastExecution ? (
          <a
            href={workflowPath(view.id, view.lastExecution.id)}
            onClick={(event) => {
              event.preventDefault();
              navigate(workflowPath(view.id, view.lastExecution!.id));
            }}
          >
            <StatusBadge status={view.lastExecution.status} />{' '}
            <span className="muted small">{formatRelative(view.lastExecution.createdAt)}</span>
          </a>
        ) : (
          <span className="muted">never ran</span>
        )}
      </td>
      <td>
        <div className="url-cell">
          <code title={view.triggerUrl}>{view.triggerUrl}</code>
          <CopyButton text={view.triggerUrl} label={`Copy trigger URL of ${view.name}`} />
        </div>
      </td>
      <td className="row-actions">
        <button type="button" onClick={onExport} aria-label={`Export ${view.name} as JSON`}>
          Export
        </button>
        <button type="button" className="danger-text" onClick={onDelete} aria-label={`Delete ${view.name}`}>
          Delete
        </button>
      </td>
    </tr>
  );
}
