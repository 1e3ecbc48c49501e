import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { DEFAULT_HANDLE } from '../../workflow/outputs.ts';
import { NodeIcon } from './node-icon.tsx';
import { ProblemBadge } from './problem-badge.tsx';
import type { TriggerFlowNode } from './to-flow.ts';

function TriggerNodeView({ data, selected }: NodeProps<TriggerFlowNode>) {
  const status = data.overlay ? 'succeeded' : null;
  return (
    <article
      className={`flow-node trigger-node${selected ? ' is-selected' : ''}${status ? ` run-${status}` : ''}`}
      data-testid="node-trigger"
      aria-label="Webhook trigger"
    >
      <div className="node-main">
        <NodeIcon type="webhook" category="trigger" />
        <div className="node-text">
          <div className="node-title">Webhook</div>
          <div className="node-subtitle">
            {data.methods.join(', ')}
            {data.authType !== 'none' && ` · ${data.authType}`}
          </div>
        </div>
        <ProblemBadge problems={data.problems} />
      </div>
      <Handle type="source" position={Position.Right} id={DEFAULT_HANDLE} className="handle-out" />
    </article>
  );
}

export const TriggerNode = memo(TriggerNodeView);
