import { useState } from 'react';
import type { ExecutionView, RerunView } from '../../../../server/http/api-types.ts';
import { errorMessage } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { useNotify } from '../../components/toasts.tsx';
import { EXECUTION_CHANGED_EVENT } from './use-open-execution.ts';

/**
 * Replay and Retry, each with the current version or the version as it ran. "Current" is the
 * default: after a fix, rerunning the broken version again is rarely what anyone wants.
 */
export function RerunControls({
  execution,
  currentVersion,
  onStarted,
}: {
  execution: ExecutionView;
  currentVersion: number | null;
  onStarted: (executionId: string) => void;
}) {
  const notify = useNotify();
  const [version, setVersion] = useState<RerunView['version']>('current');
  const changed = !execution.testRun && currentVersion !== null && currentVersion !== execution.workflowVersion;

  const rerun = async (kind: 'replay' | 'retry') => {
    try {
      const started =
        kind === 'replay'
          ? await api.replayExecution(execution.id, version)
          : await api.retryExecution(execution.id, version);
      const which = started.version === 'current' ? 'the current version' : 'the version it ran';
      const what = kind === 'replay' ? 'Replaying with the same input' : 'Retrying from the failed step';
      notify(`${what} on ${which} (v${started.workflowVersion}).`);
      onStarted(started.executionId);
      window.dispatchEvent(new CustomEvent(EXECUTION_CHANGED_EVENT, { detail: started.executionId }));
    } catch (error) {
      notify(`Could not ${kind}: ${errorMessage(error)}`, 'error');
    }
  };

  return (
    <div className="rerun-controls">
      {changed && (
        <label className="small">
          Run with{' '}
          <select
            aria-label="Version to rerun"
            data-testid="rerun-version"
            value={version}
            onChange={(event) => setVersion(event.target.value as RerunView['version'])}
          >
            <option value="current">the current version (v{currentVersion})</option>
            <option value="original">the version it ran (v{execution.workflowVersion})</option>
          </select>
        </label>
      )}
      <div className="button-row">
        <button type="button" onClick={() => void rerun('replay')} data-testid="replay-button">
          Replay
        </button>
        <button
          type="button"
          onClick={() => void rerun('retry')}
          disabled={execution.status !== 'failed'}
          data-testid="retry-button"
        >
          Retry from failed step
        </button>
      </div>
    </div>
  );
}
