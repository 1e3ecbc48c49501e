import type { Edge, Node } from '@xyflow/react';
import type { NodeTypeView } from '../../../../server/http/api-types.ts';
import type { StepSpec, WorkflowDocument } from '../../../../server/workflow/types.ts';
import { TRIGGER_ID } from '../../../../server/workflow/types.ts';
import type { Problem } from '../../workflow/graph-validation.ts';
import type { NodeCatalog } from '../../workflow/node-catalog.ts';
import { NOTE_SIZE, noteFlowId } from '../../workflow/notes.ts';
import {
  ERROR_BRANCH,
  edgeKey,
  handleIdOfBranch,
  type OutputHandle,
  stepOutputHandles,
} from '../../workflow/outputs.ts';
import { edgeTaken, type StepRunSummary } from '../executions/execution-overlay.ts';

export type StepNodeData = {
  step: StepSpec;
  nodeType: NodeTypeView | undefined;
  handles: OutputHandle[];
  problems: Problem[];
  run: StepRunSummary | null;
  overlay: boolean;
};
export type TriggerNodeData = {
  methods: string[];
  authType: string;
  problems: Problem[];
  overlay: boolean;
  executionStatus: string | null;
};
export type StepFlowNode = Node<StepNodeData, 'step'>;
export type TriggerFlowNode = Node<TriggerNodeData, 'trigger'>;
export type NoteFlowNode = Node<{ text: string }, 'note'>;
export type FlowNode = StepFlowNode | TriggerFlowNode | NoteFlowNode;

type Inputs = {
  doc: WorkflowDocument;
  catalog: NodeCatalog;
  problems: Problem[];
  selected: Set<string>;
  measured: Map<string, { width: number; height: number }>;
  runs: Map<string, StepRunSummary> | null;
  executionStatus: string | null;
};

export function toFlowNodes({ doc, catalog, problems, selected, measured, runs, executionStatus }: Inputs): FlowNode[] {
  const problemsOf = (id: string) => problems.filter((problem) => problem.nodeId === id);
  const position = (id: string, index: number) => doc.layout?.[id] ?? { x: 280 * (index + 1), y: 0 };
  const trigger: TriggerFlowNode = {
    id: TRIGGER_ID,
    type: 'trigger',
    position: position(TRIGGER_ID, -1),
    selected: selected.has(TRIGGER_ID),
    deletable: false,
    measured: measured.get(TRIGGER_ID),
    data: {
      methods: doc.trigger.methods ?? ['POST'],
      authType: doc.trigger.auth?.type ?? 'none',
      problems: problemsOf(TRIGGER_ID),
      overlay: runs !== null,
      executionStatus,
    },
  };
  const steps = doc.steps.map(
    (step, index): StepFlowNode => ({
      id: step.id,
      type: 'step',
      position: position(step.id, index),
      selected: selected.has(step.id),
      measured: measured.get(step.id),
      data: {
        step,
        nodeType: catalog.get(step.type),
        handles: stepOutputHandles(step, catalog.get(step.type), doc.edges),
        problems: problemsOf(step.id),
        run: runs?.get(step.id) ?? null,
        overlay: runs !== null,
      },
    }),
  );
  // Notes come first and sit below steps, so a note never covers a step or its handles.
  const notes = (doc.notes ?? []).map(
    (note): NoteFlowNode => ({
      id: noteFlowId(note.id),
      type: 'note',
      position: { x: note.x, y: note.y },
      width: note.width ?? NOTE_SIZE.width,
      height: note.height ?? NOTE_SIZE.height,
      selected: selected.has(noteFlowId(note.id)),
      zIndex: -1,
      data: { text: note.text },
    }),
  );
  return [...notes, trigger, ...steps];
}

export function toFlowEdges(
  doc: WorkflowDocument,
  selectedEdges: Set<string>,
  runs: Map<string, StepRunSummary> | null,
): Edge[] {
  return doc.edges.map((edge) => {
    const id = edgeKey(edge);
    const taken = runs ? edgeTaken(edge, runs) : null;
    const classes = [
      edge.branch === ERROR_BRANCH ? 'edge-error' : '',
      taken === true ? 'edge-taken' : '',
      taken === false ? 'edge-idle' : '',
    ];
    return {
      id,
      source: edge.from,
      target: edge.to,
      sourceHandle: handleIdOfBranch(edge.branch),
      targetHandle: 'in',
      selected: selectedEdges.has(id),
      label: edge.branch,
      className: classes.filter(Boolean).join(' '),
      animated: taken === true,
      ariaLabel: `Connection from ${edge.from}${edge.branch ? ` (${edge.branch})` : ''} to ${edge.to}`,
    };
  });
}
