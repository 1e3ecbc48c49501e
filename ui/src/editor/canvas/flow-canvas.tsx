import {
  Background,
  type Connection,
  Controls,
  type Edge,
  type EdgeChange,
  MiniMap,
  type NodeChange,
  type NodeTypes,
  Panel,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
} from '@xyflow/react';
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { TRIGGER_ID } from '../../../../server/workflow/types.ts';
import { FIT_PADDING, NODE_HEIGHT, NODE_WIDTH } from '../../workflow/auto-layout.ts';
import { connect, moveNodes, type Position, removeElements } from '../../workflow/document-ops.ts';
import { addNote, NOTE_SIZE, noteFlowId, noteIdOf, updateNote } from '../../workflow/notes.ts';
import { branchOfHandleId } from '../../workflow/outputs.ts';
import { useEditor } from '../editor-context.tsx';
import { summarizeSteps } from '../executions/execution-overlay.ts';
import { PALETTE_MIME } from '../palette/palette-item.tsx';
import { NoteNode } from './note-node.tsx';
import { ProblemsPanel } from './problems-panel.tsx';
import { StepNode } from './step-node.tsx';
import { type FlowNode, toFlowEdges, toFlowNodes } from './to-flow.ts';
import { TriggerNode } from './trigger-node.tsx';

const nodeTypes: NodeTypes = { step: StepNode, trigger: TriggerNode, note: NoteNode };
const FIT_OPTIONS = { padding: FIT_PADDING, maxZoom: 1 };

type Props = { onAddStep: (type: string, position: Position) => void };

/** The workflow graph. The document is the single source of truth; React Flow only renders it. */
export function FlowCanvas({ onAddStep }: Props) {
  const { doc, edit, catalog, problems, selectedNodeIds, select, execution } = useEditor();
  const { screenToFlowPosition, fitView } = useReactFlow();
  const nodesInitialized = useNodesInitialized();
  const fitted = useRef(false);
  const [measured, setMeasured] = useState(new Map<string, { width: number; height: number }>());
  const [selectedEdges, setSelectedEdges] = useState(new Set<string>());
  const dragKey = useRef(0);

  const runs = useMemo(() => (execution ? summarizeSteps(execution) : null), [execution]);
  const selected = useMemo(() => new Set(selectedNodeIds), [selectedNodeIds]);
  const nodes = useMemo(
    () => toFlowNodes({ doc, catalog, problems, selected, measured, runs, executionStatus: execution?.status ?? null }),
    [doc, catalog, problems, selected, measured, runs, execution?.status],
  );
  const edges = useMemo(() => toFlowEdges(doc, selectedEdges, runs), [doc, selectedEdges, runs]);

  // Fit the whole graph once every node has its size; React Flow's own initial fit can run
  // while only some nodes are measured and leave an imported graph half off-screen.
  useEffect(() => {
    if (!nodesInitialized || fitted.current) return;
    fitted.current = true;
    requestAnimationFrame(() => void fitView(FIT_OPTIONS));
  }, [nodesInitialized, fitView]);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const positions: Record<string, Position> = {};
      let nextSelection: Set<string> | null = null;
      const dimensions: Array<[string, { width: number; height: number }]> = [];
      const sizes: Record<string, { width: number; height: number }> = {};
      for (const change of changes) {
        switch (change.type) {
          case 'position':
            if (change.position) positions[change.id] = change.position;
            break;
          case 'select':
            nextSelection ??= new Set(selected);
            if (change.selected) nextSelection.add(change.id);
            else nextSelection.delete(change.id);
            break;
          case 'dimensions':
            if (!change.dimensions) break;
            // A note's size is part of the document (its resize handles); a step's is only measured.
            if (change.resizing !== undefined && noteIdOf(change.id) !== null) sizes[change.id] = change.dimensions;
            else dimensions.push([change.id, change.dimensions]);
            break;
          case 'remove':
          case 'add':
          case 'replace':
            // Deletion goes through onDelete, which sees nodes and their edges together (one undo step).
            break;
          default: {
            const unexpected: never = change;
            return unexpected;
          }
        }
      }
      if (Object.keys(positions).length > 0 || Object.keys(sizes).length > 0)
        edit((current) => {
          let next = moveNodes(current, positions);
          for (const [flowId, size] of Object.entries(sizes)) next = updateNote(next, noteIdOf(flowId) as string, size);
          return next;
        }, `drag-${dragKey.current}`);
      if (nextSelection) select([...nextSelection]);
      if (dimensions.length > 0) setMeasured((current) => new Map([...current, ...dimensions]));
    },
    [edit, select, selected],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<Edge>[]) => {
    setSelectedEdges((current) => {
      const next = new Set(current);
      for (const change of changes) {
        if (change.type === 'select') {
          if (change.selected) next.add(change.id);
          else next.delete(change.id);
        } else if (change.type === 'remove') next.delete(change.id);
      }
      return next;
    });
  }, []);

  const onConnect = useCallback(
    (connection: Connection) =>
      edit((current) =>
        connect(current, {
          from: connection.source,
          to: connection.target,
          branch: branchOfHandleId(connection.sourceHandle),
        }),
      ),
    [edit],
  );

  const addNoteInView = () => {
    const canvas = document.querySelector('.canvas')?.getBoundingClientRect();
    const centre = canvas
      ? screenToFlowPosition({ x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 3 })
      : { x: 0, y: 0 };
    const at = { x: centre.x - NOTE_SIZE.width / 2, y: centre.y - NOTE_SIZE.height / 2 };
    const { id } = addNote(doc, at);
    edit((current) => addNote(current, at).doc);
    select([noteFlowId(id)]);
  };

  const onDrop = (event: DragEvent) => {
    const type = event.dataTransfer.getData(PALETTE_MIME);
    if (!type) return;
    event.preventDefault();
    const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    onAddStep(type, { x: point.x - NODE_WIDTH / 2, y: point.y - NODE_HEIGHT / 2 });
  };

  return (
    <div className="canvas" data-testid="canvas">
      <ReactFlow<FlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeDragStart={() => {
          dragKey.current++;
        }}
        onDelete={({ nodes: removedNodes, edges: removedEdges }) =>
          edit((current) =>
            removeElements(
              current,
              removedNodes.map((node) => node.id),
              removedEdges.map((edge) => edge.id),
            ),
          )
        }
        isValidConnection={(connection) => connection.source !== connection.target && connection.target !== TRIGGER_ID}
        onDragOver={(event) => {
          if (event.dataTransfer.types.includes(PALETTE_MIME)) {
            event.preventDefault();
            event.dataTransfer.dropEffect = 'copy';
          }
        }}
        onDrop={onDrop}
        deleteKeyCode={['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        fitView
        fitViewOptions={FIT_OPTIONS}
        minZoom={0.2}
        maxZoom={2}
        snapToGrid
        snapGrid={[8, 8]}
        proOptions={{ hideAttribution: true }}
        // React Flow's own parts (background dots, controls, mini-map) follow the system theme too.
        colorMode="system"
        aria-label="Workflow canvas"
      >
        <Background gap={16} size={1} />
        <Controls showInteractive={false} aria-label="Zoom controls" />
        <MiniMap pannable zoomable ariaLabel="Mini map" nodeClassName={(node) => miniMapClass(node as FlowNode)} />
        <ProblemsPanel />
        <Panel position="top-left">
          <button type="button" className="add-note" onClick={addNoteInView} title="Add a sticky note to the canvas">
            + Note
          </button>
        </Panel>
      </ReactFlow>
    </div>
  );
}

function miniMapClass(node: FlowNode): string {
  if (node.type === 'trigger') return 'minimap-trigger';
  if (node.type === 'note') return 'minimap-note';
  const status = node.data.run?.status;
  if (status) return `minimap-${status}`;
  return node.data.problems.some((problem) => problem.severity === 'error') ? 'minimap-error' : '';
}
