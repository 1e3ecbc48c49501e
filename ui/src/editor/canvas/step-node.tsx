import { Handle, type NodeProps, Position, useUpdateNodeInternals } from '@xyflow/react';
import { memo, useEffect } from 'react';
import { formatDuration } from '../../lib/format.ts';
import { ERROR_BRANCH } from '../../workflow/outputs.ts';
import { NodeIcon } from './node-icon.tsx';
import { ProblemBadge } from './problem-badge.tsx';
import type { StepFlowNode } from './to-flow.ts';

function StepNodeView({ id, data, selected }: NodeProps<StepFlowNode>) {
  const { step, nodeType, handles, problems, run, overlay } = data;
  const updateNodeInternals = useUpdateNodeInternals();
  const handleSignature = handles.map((handle) => handle.id).join('|');
  // Switch-like nodes grow and lose handles as cases change; React Flow must re-measure them.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the signature stands for the handle list
  useEffect(() => updateNodeInternals(id), [handleSignature, id, updateNodeInternals]);

  const outputs = handles.filter((handle) => handle.id !== ERROR_BRANCH);
  const named = outputs.some((handle) => handle.label !== null);
  const status = overlay ? (run?.status ?? 'not-run') : null;
  const title = step.name ?? nodeType?.title ?? step.type;
  return (
    <article
      className={[
        'flow-node step-node',
        selected ? 'is-selected' : '',
        step.disabled ? 'is-disabled' : '',
        problems.some((problem) => problem.severity === 'error') ? 'has-error' : '',
        status ? `run-${status}` : '',
      ].join(' ')}
      data-testid={`node-${id}`}
      data-run-status={status ?? undefined}
      aria-label={`${title} step ${id}${status ? `, ${status}` : ''}`}
    >
      <Handle type="target" position={Position.Left} id="in" className="handle-in" />
      <div className="node-main" style={named ? { paddingRight: labelRoom(outputs) } : undefined}>
        <NodeIcon type={step.type} category={nodeType?.category} />
        <div className="node-text">
          <div className="node-title">{title}</div>
          <div className="node-subtitle">
            <code>{id}</code>
            {step.disabled && ' · disabled'}
          </div>
        </div>
        <ProblemBadge problems={problems} />
      </div>
      {status && (
        <div className="node-run" data-testid={`node-run-${id}`}>
          <span className={`status status-${status}`}>{status === 'not-run' ? 'not run' : status}</span>
          {run && <span className="muted">{formatDuration(run.durationMs)}</span>}
          {run && run.attempts > 1 && <span className="muted">{run.attempts} attempts</span>}
          {run && run.records.length > 1 && <span className="muted">×{run.records.length}</span>}
        </div>
      )}
      <div className={`node-outputs${named ? ' is-named' : ''}`}>
        {outputs.map((handle, index) => (
          <div key={handle.id} className="node-output" style={{ top: outputTop(index, outputs.length) }}>
            {handle.label && <span className="output-label">{handle.label}</span>}
            <Handle
              type="source"
              position={Position.Right}
              id={handle.id}
              className="handle-out"
              title={handle.label ?? 'output'}
            />
          </div>
        ))}
      </div>
      <Handle type="source" position={Position.Bottom} id={ERROR_BRANCH} className="handle-error" title="on error" />
    </article>
  );
}

/** Right padding that keeps the title and the problem badge clear of the branch labels. */
function labelRoom(outputs: Array<{ label: string | null }>): string {
  const longest = Math.max(...outputs.map((output) => output.label?.length ?? 0));
  return `${Math.min(96, 18 + longest * 6)}px`;
}

function outputTop(index: number, count: number): string {
  return `${((index + 1) / (count + 1)) * 100}%`;
}

export const StepNode = memo(StepNodeView);
