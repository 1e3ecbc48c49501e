import { type KeyboardEvent, type MouseEvent, useEffect, useRef } from 'react';
import { TRIGGER_ID } from '../../../server/workflow/types.ts';
import { duplicateSelection } from '../workflow/clipboard.ts';
import { removeElements } from '../workflow/document-ops.ts';
import { noteIdOf } from '../workflow/notes.ts';
import { useEditor } from './editor-context.tsx';
import { ExecutionsPanel } from './executions/executions-panel.tsx';
import { SettingsPanel } from './settings/settings-panel.tsx';
import { StepPanel } from './step/step-panel.tsx';
import { TriggerPanel } from './trigger/trigger-panel.tsx';
import { VersionsPanel } from './versions-panel.tsx';

export type SideTab = 'node' | 'executions' | 'versions' | 'settings';
const TABS: Array<{ id: SideTab; label: string }> = [
  { id: 'node', label: 'Node' },
  { id: 'executions', label: 'Executions' },
  { id: 'versions', label: 'Versions' },
  { id: 'settings', label: 'Settings' },
];

type Props = { tab: SideTab; onTab: (tab: SideTab) => void };

export function SidePanel({ tab, onTab }: Props) {
  const { selectedNodeIds, select } = useEditor();
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);
  const panelRef = useRef<HTMLDivElement>(null);
  const selectionKey = selectedNodeIds.join(',');

  // Picking a node on the canvas is a request to see it, from its top: another node's scroll
  // position would hide the first fields (the trigger URL).
  // biome-ignore lint/correctness/useExhaustiveDependencies: reacts to the selection only
  useEffect(() => {
    if (selectedNodeIds.length > 0) onTab('node');
    if (panelRef.current) panelRef.current.scrollTop = 0;
  }, [selectionKey]);

  // A step named in a list (an execution's steps) opens on the Node tab even when it is already
  // the selected one, which changes no selection and so would not switch tabs by itself.
  const onPanelClick = (event: MouseEvent) => {
    const link = (event.target as HTMLElement).closest<HTMLElement>('[data-step-link]');
    const stepId = link?.dataset.stepLink;
    if (!stepId) return;
    select([stepId]);
    onTab('node');
  };

  // Arrow keys move between tabs, as the ARIA tabs pattern expects.
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (delta === 0) return;
    const next = (index + delta + TABS.length) % TABS.length;
    onTab(TABS[next].id);
    tabRefs.current[next]?.focus();
  };

  return (
    <aside className="side-panel" aria-label="Details">
      <div className="tabs" role="tablist" aria-label="Panels">
        {TABS.map((entry, index) => (
          <button
            key={entry.id}
            ref={(element) => {
              tabRefs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`tab-${entry.id}`}
            aria-selected={tab === entry.id}
            aria-controls={`panel-${entry.id}`}
            tabIndex={tab === entry.id ? 0 : -1}
            onClick={() => onTab(entry.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {entry.label}
          </button>
        ))}
      </div>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the step links inside are buttons; this only reacts to them */}
      <div
        ref={panelRef}
        className="tab-panel"
        role="tabpanel"
        id={`panel-${tab}`}
        aria-labelledby={`tab-${tab}`}
        onClick={onPanelClick}
      >
        {tab === 'node' && <NodeTab />}
        {tab === 'executions' && <ExecutionsPanel />}
        {tab === 'versions' && <VersionsPanel />}
        {tab === 'settings' && <SettingsPanel />}
      </div>
    </aside>
  );
}

const SELECTION_KEYS =
  'Shift+click or Shift+drag selects several, Ctrl+A all. Ctrl+C / Ctrl+V copy and paste steps, also into another workflow; Ctrl+D duplicates.';

function NodeTab() {
  const { selectedNodeIds, doc, edit, select } = useEditor();
  if (selectedNodeIds.length === 0) {
    return (
      <div className="panel-empty">
        <h2>Build the workflow</h2>
        <ol>
          <li>Select the Webhook trigger to get its URL and capture a sample request.</li>
          <li>Drag nodes from the palette and connect their handles.</li>
          <li>Select a node to edit it; expressions preview on the sample as you type.</li>
        </ol>
        <p className="muted small">{SELECTION_KEYS}</p>
      </div>
    );
  }
  if (selectedNodeIds.length > 1) {
    const removable = selectedNodeIds.filter((id) => id !== TRIGGER_ID);
    const notes = removable.filter((id) => noteIdOf(id) !== null).length;
    const steps = removable.length - notes;
    const what = [
      steps > 0 ? `${steps} step${steps === 1 ? '' : 's'}` : '',
      notes > 0 ? `${notes} note${notes === 1 ? '' : 's'}` : '',
    ].filter(Boolean);
    return (
      <div className="panel-empty">
        <h2>{selectedNodeIds.length} nodes selected</h2>
        <button
          type="button"
          className="danger"
          disabled={removable.length === 0}
          onClick={() => {
            edit((current) => removeElements(current, removable, []));
            select([]);
          }}
        >
          Delete {what.join(' and ') || 'nothing'}
        </button>{' '}
        <button
          type="button"
          disabled={steps === 0}
          onClick={() => {
            const { ids } = duplicateSelection(doc, selectedNodeIds);
            edit((current) => duplicateSelection(current, selectedNodeIds).doc);
            select(ids);
          }}
        >
          Duplicate
        </button>
        <p className="muted small">{SELECTION_KEYS}</p>
      </div>
    );
  }
  const id = selectedNodeIds[0];
  if (id === TRIGGER_ID) return <TriggerPanel />;
  if (noteIdOf(id) !== null) {
    return (
      <div className="panel-empty">
        <h2>Sticky note</h2>
        <p>Type into the note on the canvas; drag its frame to move it and its corners to resize it.</p>
        <p className="muted small">Notes are saved with the workflow and never change what it does.</p>
        <button
          type="button"
          className="danger"
          onClick={() => {
            edit((current) => removeElements(current, [id], []));
            select([]);
          }}
        >
          Delete note
        </button>
      </div>
    );
  }
  const step = doc.steps.find((candidate) => candidate.id === id);
  return step ? <StepPanel key={step.id} step={step} /> : null;
}
