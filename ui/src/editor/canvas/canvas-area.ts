import type { LayoutArea } from '../../workflow/auto-layout.ts';

/**
 * The canvas size a layout should fit: measured when the canvas is on screen, else estimated
 * from the window the way editor.css divides it (palette, canvas, side panel; toolbar on top).
 */
export function canvasArea(): LayoutArea {
  const canvas = document.querySelector('[data-testid="canvas"]');
  const rect = canvas?.getBoundingClientRect();
  if (rect && rect.width > 0 && rect.height > 0) return { width: rect.width, height: rect.height };
  const width = window.innerWidth;
  const narrow = width <= 1100;
  const side = narrow ? 320 : Math.min(440, Math.max(340, width * 0.3));
  const palette = narrow ? 180 : 210;
  return { width: Math.max(200, width - side - palette), height: Math.max(200, window.innerHeight - 56) };
}

/** Waits until React has rendered an edit and React Flow has measured the moved nodes. */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}
