import { Fragment } from 'react';
import type { NodeTypeView } from '../../../../server/http/api-types.ts';
import { NodeIcon } from '../canvas/node-icon.tsx';

/** The drag payload's type, so the canvas ignores unrelated drops (files, text). */
export const PALETTE_MIME = 'application/x-hookflow-node';

type Props = { nodeType: NodeTypeView; onAdd: (type: string) => void };

export function PaletteItem({ nodeType, onAdd }: Props) {
  return (
    <li>
      <button
        type="button"
        className="palette-item"
        draggable
        data-testid={`palette-${nodeType.type}`}
        title={nodeType.description}
        aria-label={`Add ${nodeType.title}: ${nodeType.description}`}
        onDragStart={(event) => {
          event.dataTransfer.setData(PALETTE_MIME, nodeType.type);
          event.dataTransfer.effectAllowed = 'copy';
        }}
        onClick={() => onAdd(nodeType.type)}
      >
        <NodeIcon type={nodeType.type} category={nodeType.category} />
        <span className="palette-text">
          <span className="palette-title">{nodeType.title}</span>
          <span className="palette-type">
            {/* Long type names (hubspot.upsertContact) break after a dot, not mid-word. */}
            {nodeType.type.split('.').map((part, index) => (
              <Fragment key={part}>
                {index > 0 && (
                  <>
                    .<wbr />
                  </>
                )}
                {part}
              </Fragment>
            ))}
          </span>
        </span>
      </button>
    </li>
  );
}
