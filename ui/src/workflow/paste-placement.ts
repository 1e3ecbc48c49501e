import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { NODE_HEIGHT, NODE_WIDTH } from './auto-layout.ts';
import type { Position } from './document-ops.ts';
import { NOTE_SIZE } from './notes.ts';

// Where pasted things go: together, in the shape they were copied in, and never on top of what
// is already on the canvas.

export type Box = { x: number; y: number; width: number; height: number };
export type Placeable = { position: Position | undefined; width: number; height: number };

const GAP = 40;

/** What already sits on the document's canvas: steps (by their usual size) and notes. */
export function occupiedBoxes(doc: WorkflowDocument): Box[] {
  return [
    ...Object.values(doc.layout ?? {}).map((p) => ({ x: p.x, y: p.y, width: NODE_WIDTH, height: NODE_HEIGHT })),
    ...(doc.notes ?? []).map((note) => ({
      x: note.x,
      y: note.y,
      width: note.width ?? NOTE_SIZE.width,
      height: note.height ?? NOTE_SIZE.height,
    })),
  ];
}

/**
 * Absolute positions for a group of items. With `at`, the group's top-left lands there;
 * otherwise on the first free spot of: where it was copied from, just below that, below
 * everything. Items without a position fan out diagonally.
 */
export function placeGroup(occupied: Box[], items: Placeable[], at?: Position): Position[] {
  const known = items.flatMap((item) => (item.position ? [item.position] : []));
  const origin =
    known.length > 0
      ? { x: Math.min(...known.map((p) => p.x)), y: Math.min(...known.map((p) => p.y)) }
      : { x: 0, y: 0 };
  const relative = items.map((item, index) =>
    item.position ? { x: item.position.x - origin.x, y: item.position.y - origin.y } : { x: index * 40, y: index * 40 },
  );
  const boxesAt = (corner: Position): Box[] =>
    items.map((item, index) => ({
      x: corner.x + relative[index].x,
      y: corner.y + relative[index].y,
      width: item.width,
      height: item.height,
    }));
  const fits = (corner: Position) => !boxesAt(corner).some((box) => occupied.some((other) => overlaps(box, other)));

  let place = at;
  if (!place) {
    const height = Math.max(...items.map((item, index) => relative[index].y + item.height));
    const below = { x: origin.x, y: origin.y + height + GAP };
    const bottom = occupied.length > 0 ? Math.max(...occupied.map((box) => box.y + box.height)) : 0;
    const left = occupied.length > 0 ? Math.min(...occupied.map((box) => box.x)) : 0;
    place = [origin, below].find(fits) ?? { x: left, y: bottom + GAP };
  }
  const corner = place;
  return relative.map((offset) => ({ x: Math.round(corner.x + offset.x), y: Math.round(corner.y + offset.y) }));
}

function overlaps(a: Box, b: Box): boolean {
  // A margin keeps pasted steps from touching their neighbours' handles.
  return (
    a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP
  );
}
