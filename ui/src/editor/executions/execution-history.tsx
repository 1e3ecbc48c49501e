import type { ExecutionView } from '../../../../server/http/api-types.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { formatDateTime, shortId } from '../../lib/format.ts';

/**
 * What a rerun left behind: the earlier attempts of a retried execution (each with the version
 * it ran and its step records), the execution a replay replays, and the replays of this one.
 */
export function ExecutionHistory({
  execution,
  onOpen,
}: {
  execution: ExecutionView;
  onOpen: (executionId: string) => void;
}) {
  const attempts = execution.attempts ?? [];
  const replays = execution.replays ?? [];
  return (
    <>
      {execution.replayOf && (
        <p className="small" data-testid="replay-of">
          Replay of{' '}
          <button type="button" className="link" onClick={() => onOpen(execution.replayOf as string)}>
            <code>{shortId(execution.replayOf)}</code>
          </button>
        </p>
      )}
      {attempts.length > 0 && (
        <details className="attempts" data-testid="attempts" open>
          <summary>
            Attempt {execution.attempt} ran version {execution.workflowVersion}; {attempts.length} earlier{' '}
            {attempts.length === 1 ? 'attempt' : 'attempts'}
          </summary>
          <ol>
            {[...attempts].reverse().map((attempt) => (
              <li key={attempt.attempt} data-testid={`attempt-${attempt.attempt}`}>
                <StatusBadge status={attempt.status} /> Attempt {attempt.attempt} · version {attempt.workflowVersion}
                {attempt.finishedAt && <span className="muted small"> · {formatDateTime(attempt.finishedAt)}</span>}
                {attempt.error && (
                  <div className="error-text small">
                    {attempt.error.stepId && <code>{attempt.error.stepId}: </code>}
                    {attempt.error.message}
                  </div>
                )}
                <ul className="attempt-steps">
                  {attempt.steps.map((step) => (
                    <li key={step.key}>
                      <StatusBadge status={step.status} /> <code>{step.key}</code>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </details>
      )}
      {replays.length > 0 && (
        <p className="small" data-testid="replays">
          Replayed as{' '}
          {replays.map((replay, index) => (
            <span key={replay.id}>
              {index > 0 && ', '}
              <button type="button" className="link" onClick={() => onOpen(replay.id)}>
                <code>{shortId(replay.id)}</code>
              </button>{' '}
              <StatusBadge status={replay.status} />
            </span>
          ))}
        </p>
      )}
    </>
  );
}
