import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { TRIGGER_ID } from '../../../server/workflow/types.ts';
import { useNotify } from '../components/toasts.tsx';
import { isTextTarget } from '../lib/browser.ts';
import {
  copySelection,
  describeFragment,
  duplicateSelection,
  parseFragment,
  pasteFragment,
  pasteProblem,
  type StepsFragment,
  serializeFragment,
} from '../workflow/clipboard.ts';
import { noteFlowId } from '../workflow/notes.ts';
import { useEditor } from './editor-context.tsx';

const FIT_AFTER_PASTE = { padding: 0.2, maxZoom: 1, duration: 200 };

/**
 * Ctrl/⌘+C, Ctrl/⌘+V, Ctrl/⌘+D and Ctrl/⌘+A (select all) on the canvas. Copy and paste go through the browser's own
 * clipboard events, which need no permission prompt and reach other tabs and workflows; text
 * fields and selected page text keep their ordinary copy and paste.
 */
export function useStepClipboard(): void {
  const editor = useEditor();
  const notify = useNotify();
  const { fitView } = useReactFlow();
  const latest = useRef({ editor, notify, fitView });
  latest.current = { editor, notify, fitView };

  useEffect(() => {
    const selectedSteps = () => {
      const { doc, selectedNodeIds } = latest.current.editor;
      return copySelection(doc, selectedNodeIds);
    };
    const onCopy = (event: ClipboardEvent) => {
      if (isTextTarget(event.target) || hasPageTextSelection() || !event.clipboardData) return;
      const fragment = selectedSteps();
      if (fragment.steps.length === 0 && fragment.notes.length === 0) return;
      event.clipboardData.setData('text/plain', serializeFragment(fragment));
      event.preventDefault();
      latest.current.notify(`Copied ${describeFragment(fragment)}. Paste with Ctrl+V here or in another workflow.`);
    };
    const onPaste = (event: ClipboardEvent) => {
      if (isTextTarget(event.target) || !event.clipboardData) return;
      event.preventDefault();
      const { editor: current, notify: tell, fitView: showAll } = latest.current;
      let fragment: StepsFragment;
      try {
        fragment = parseFragment(event.clipboardData.getData('text/plain'), (type) => current.catalog.has(type));
      } catch (error) {
        tell(`Nothing pasted: ${(error as Error).message}`, 'error');
        return;
      }
      const problem = pasteProblem(current.doc, fragment);
      if (problem) {
        tell(`Nothing pasted: ${problem}`, 'error');
        return;
      }
      const { ids } = pasteFragment(current.doc, fragment);
      current.edit((doc) => pasteFragment(doc, fragment).doc);
      current.select(ids);
      tell(`Pasted ${describeFragment(fragment)}.`);
      // Pasted steps may land below the graph, out of view: show them.
      requestAnimationFrame(() => void showAll(FIT_AFTER_PASTE));
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || isTextTarget(event.target)) return;
      const key = event.key.toLowerCase();
      const { doc, edit, select, selectedNodeIds } = latest.current.editor;
      if (key === 'a') {
        // Everything on the canvas, so a whole flow can be copied or moved at once.
        event.preventDefault();
        select([
          TRIGGER_ID,
          ...doc.steps.map((step) => step.id),
          ...(doc.notes ?? []).map((note) => noteFlowId(note.id)),
        ]);
        return;
      }
      if (key !== 'd') return;
      // Also keeps the browser from opening its bookmark dialog.
      event.preventDefault();
      // Ids depend only on the document, so the edit below yields the same ones.
      const { ids } = duplicateSelection(doc, selectedNodeIds);
      if (ids.length === 0) return;
      edit((current) => duplicateSelection(current, selectedNodeIds).doc);
      select(ids);
    };
    window.addEventListener('copy', onCopy);
    window.addEventListener('paste', onPaste);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('copy', onCopy);
      window.removeEventListener('paste', onPaste);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, []);
}

function hasPageTextSelection(): boolean {
  const selection = window.getSelection();
  return selection !== null && !selection.isCollapsed && selection.toString().trim() !== '';
}
