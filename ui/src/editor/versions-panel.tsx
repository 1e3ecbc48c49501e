import { useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import { useNotify } from '../components/toasts.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useAsync } from '../lib/use-async.ts';
import { withCompleteLayout } from '../workflow/auto-layout.ts';
import { diffWorkflows, type WorkflowDiff } from '../workflow/version-diff.ts';
import { useEditor } from './editor-context.tsx';
import { VersionDiffView } from './version-diff-view.tsx';

type Comparison = { from: number; to: number; diff: WorkflowDiff };

/** Saved versions; restoring loads one into the editor, and saving it makes it the newest. */
export function VersionsPanel() {
  const { view, edit } = useEditor();
  const notify = useNotify();
  const workflowId = view?.id ?? null;
  const versions = useAsync(
    () => (workflowId ? api.listVersions(workflowId) : Promise.resolve({ items: [] })),
    `${workflowId}|${view?.version}`,
  );
  const [chosen, setChosen] = useState<number[]>([]);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  if (!view) return <p className="muted panel-empty">Versions appear once the workflow is saved.</p>;

  // Two at most: choosing a third replaces the older choice, so the pair is always the latest intent.
  const toggle = (version: number) => {
    setComparison(null);
    setChosen((current) =>
      current.includes(version) ? current.filter((v) => v !== version) : [...current, version].slice(-2),
    );
  };
  const compare = async () => {
    const [from, to] = [...chosen].sort((a, b) => a - b);
    try {
      const [older, newer] = await Promise.all([api.getVersion(view.id, from), api.getVersion(view.id, to)]);
      setComparison({ from, to, diff: diffWorkflows(older.document, newer.document) });
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
  };

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
      <div className="version-compare-bar">
        <button type="button" disabled={chosen.length !== 2} onClick={() => void compare()}>
          {chosen.length === 2
            ? `Compare v${Math.min(...chosen)} and v${Math.max(...chosen)}`
            : 'Choose two versions to compare'}
        </button>
      </div>
      {comparison && <VersionDiffView {...comparison} />}
      {versions.status === 'error' && <p className="error-text">{errorMessage(versions.error)}</p>}
      <ul className="version-list">
        {[...(versions.data?.items ?? [])]
          .sort((a, b) => b.version - a.version)
          .map((entry) => (
            <li key={entry.version}>
              <input
                type="checkbox"
                checked={chosen.includes(entry.version)}
                onChange={() => toggle(entry.version)}
                aria-label={`Compare version ${entry.version}`}
              />
              <div className="version-entry">
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
