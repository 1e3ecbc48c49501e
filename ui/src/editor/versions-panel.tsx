import { errorMessage } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import { useNotify } from '../components/toasts.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useAsync } from '../lib/use-async.ts';
import { withCompleteLayout } from '../workflow/auto-layout.ts';
import { useEditor } from './editor-context.tsx';

/** Saved versions; restoring loads one into the editor, and saving it makes it the newest. */
export function VersionsPanel() {
  const { view, edit } = useEditor();
  const notify = useNotify();
  const workflowId = view?.id ?? null;
  const versions = useAsync(
    () => (workflowId ? api.listVersions(workflowId) : Promise.resolve({ items: [] })),
    `${workflowId}|${view?.version}`,
  );
  if (!view) return <p className="muted panel-empty">Versions appear once the workflow is saved.</p>;

  const restore = async (version: number) => {
    try {
      const { document } = await api.getVersion(view.id, version);
      const restored = await withCompleteLayout(document);
      edit(() => restored);
      notify(`Loaded version ${version}. Save to make it the current version (undo to go back).`);
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
  };

  return (
    <div className="versions-panel" data-testid="versions-panel">
      <h2>Versions</h2>
      {versions.status === 'error' && <p className="error-text">{errorMessage(versions.error)}</p>}
      <ul className="version-list">
        {[...(versions.data?.items ?? [])]
          .sort((a, b) => b.version - a.version)
          .map((entry) => (
            <li key={entry.version}>
              <div>
                <strong>v{entry.version}</strong>
                {entry.version === view.version && <span className="pill pill-on">current</span>}
                <div className="muted small">
                  {formatDateTime(entry.createdAt)} · {entry.source}
                </div>
              </div>
              {entry.version !== view.version && (
                <button
                  type="button"
                  onClick={() => void restore(entry.version)}
                  aria-label={`Restore version ${entry.version}`}
                >
                  Restore
                </button>
              )}
            </li>
          ))}
      </ul>
    </div>
  );
}
