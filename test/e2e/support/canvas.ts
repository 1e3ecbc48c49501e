// Canvas gestures as a person makes them: drag from the palette, drag between handles.
import type { Locator, Page } from 'playwright-core';

export async function dragFromPalette(page: Page, nodeType: string, at: { x: number; y: number }): Promise<void> {
  await page.getByTestId(`palette-${nodeType}`).dragTo(page.getByTestId('canvas'), { targetPosition: at });
}

export function handle(page: Page, nodeId: string, handleId: string): Locator {
  return page.locator(`[data-testid="node-${nodeId}"] .react-flow__handle[data-handleid="${handleId}"]`);
}

/** Presses on a source handle, moves in steps (React Flow tracks the pointer) and releases on the target. */
export async function connectHandles(page: Page, from: Locator, to: Locator): Promise<void> {
  const start = await from.boundingBox();
  const end = await to.boundingBox();
  if (!start || !end) throw new Error('handle not visible');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 12 });
  await page.mouse.up();
}
