import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useState } from 'react';
import type { NodeTypeView } from '../../../server/http/api-types.ts';
import { TRIGGER_ID } from '../../../server/workflow/types.ts';
import { NODE_HEIGHT, NODE_WIDTH } from '../workflow/auto-layout.ts';
import { addStep, connect, type Position } from '../workflow/document-ops.ts';
import { defaultParams } from '../workflow/node-catalog.ts';
import { branchNames } from '../workflow/outputs.ts';
import { uniqueStepId } from '../workflow/step-ids.ts';
import { FlowCanvas } from './canvas/flow-canvas.tsx';
import { useEditor } from './editor-context.tsx';
import { Palette } from './palette/palette.tsx';
import { SidePanel, type SideTab } from './side-panel.tsx';
import { useStepClipboard } from './use-clipboard.ts';

type Props = { nodeTypes: NodeTypeView[]; nodeTypesError: string | null };

export function EditorBody({ nodeTypes, nodeTypesError }: Props) {
  const { doc, edit, catalog, selectedNodeIds, select, execution } = useEditor();
  const { screenToFlowPosition } = useReactFlow();
  const [tab, setTab] = useState<SideTab>(execution ? 'executions' : 'node');
  const [paletteOpen, setPaletteOpen] = useState(true);
  useStepClipboard();
  // A run just opened (Run, Retry, Replay, a link) is shown with its details.
  const openId = execution?.id ?? null;
  useEffect(() => {
    if (openId) setTab('executions');
  }, [openId]);

  /**
   * Adds a step where it was dropped; from the keyboard (no position) it goes after the selected
   * node and is connected to it, the way people build a chain step by step.
   */
  const addStepOfType = useCallback(
    (type: string, position?: Position) => {
      const nodeType = catalog.get(type);
      const id = uniqueStepId(
        type,
        doc.steps.map((step) => step.id),
      );
      const anchor = position ? null : selectedNodeIds.length === 1 ? selectedNodeIds[0] : null;
      const anchorPosition = anchor ? doc.layout?.[anchor] : undefined;
      const place =
        position ??
        (anchorPosition
          ? { x: anchorPosition.x + NODE_WIDTH + 80, y: anchorPosition.y }
          : centreOfCanvas(screenToFlowPosition));
      edit((current) => {
        let next = addStep(current, type, place, nodeType ? defaultParams(nodeType) : {}, id).doc;
        if (anchor) {
          const source = current.steps.find((step) => step.id === anchor);
          const branch =
            anchor === TRIGGER_ID || !source ? undefined : branchNames(source, catalog.get(source.type))[0];
          next = connect(next, { from: anchor, to: id, branch });
        }
        return next;
      });
      select([id]);
      setTab('node');
    },
    [catalog, doc, edit, screenToFlowPosition, select, selectedNodeIds],
  );

  return (
    <div className={`editor-body${paletteOpen ? '' : ' palette-closed'}`}>
      <aside className="palette-column">
        <button
          type="button"
          className="palette-toggle"
          aria-expanded={paletteOpen}
          aria-label={paletteOpen ? 'Hide node palette' : 'Show node palette'}
          onClick={() => setPaletteOpen(!paletteOpen)}
        >
          {paletteOpen ? '‹' : '›'}
        </button>
        {paletteOpen && <Palette nodeTypes={nodeTypes} onAdd={(type) => addStepOfType(type)} error={nodeTypesError} />}
      </aside>
      <FlowCanvas onAddStep={addStepOfType} />
      <SidePanel tab={tab} onTab={setTab} />
    </div>
  );
}

function centreOfCanvas(toFlow: (point: Position) => Position): Position {
  const canvas = document.querySelector('.canvas')?.getBoundingClientRect();
  if (!canvas) return { x: 0, y: 0 };
  const centre = toFlow({ x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 });
  return { x: centre.x - NODE_WIDTH / 2, y: centre.y - NODE_HEIGHT / 2 };
}
