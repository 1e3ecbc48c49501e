import { type NodeProps, NodeResizer } from '@xyflow/react';
import { memo } from 'react';
import { noteIdOf, updateNote } from '../../workflow/notes.ts';
import { useEditor } from '../editor-context.tsx';
import type { NoteFlowNode } from './to-flow.ts';

/** A sticky note: dragged by its frame, resized from its corners when selected, typed into directly. */
function NoteNodeView({ id, data, selected }: NodeProps<NoteFlowNode>) {
  const { edit } = useEditor();
  const noteId = noteIdOf(id) as string;
  return (
    <div className={`note-node${selected ? ' is-selected' : ''}`} data-testid={`note-${noteId}`}>
      <NodeResizer isVisible={selected} minWidth={80} minHeight={60} lineClassName="note-resize-line" />
      <textarea
        // nodrag/nowheel: typing, selecting text and scrolling stay inside the note.
        className="note-text nodrag nowheel"
        aria-label="Note text"
        placeholder="Write a note for the next reader…"
        maxLength={5000}
        value={data.text}
        onChange={(event) => {
          const text = event.target.value;
          edit((doc) => updateNote(doc, noteId, { text }), `note-text-${noteId}`);
        }}
      />
    </div>
  );
}

export const NoteNode = memo(NoteNodeView);
