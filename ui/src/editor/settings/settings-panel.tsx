import { useMemo } from 'react';
import { errorMessage } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { useAsync } from '../../lib/use-async.ts';
import { setTags } from '../../workflow/tags.ts';
import { setSettings } from '../../workflow/workflow-settings.ts';
import { useEditor } from '../editor-context.tsx';
import type { PointerProblems } from './settings-fields.tsx';
import { SettingsForm, type SettingsUpdate } from './settings-form.tsx';
import { TagsField } from './tags-field.tsx';

/** The Settings tab: edits `settings` in the document like any other edit (undoable, saved with Save). */
export function SettingsPanel() {
  const { doc, edit, view, credentials, problems } = useEditor();
  const workflows = useAsync(() => api.listWorkflows(), 'workflows');
  const others = (workflows.data?.items ?? [])
    .filter((workflow) => workflow.id !== view?.id)
    .map((workflow) => ({ id: workflow.id, name: workflow.name }));

  // The editor's own checks and the server's validation both point into /settings by JSON pointer.
  const byPointer = useMemo(() => {
    const grouped: PointerProblems = {};
    for (const problem of problems) {
      if (problem.nodeId !== null || !problem.field?.startsWith('/settings')) continue;
      const message = problem.message.replace(/^\/settings[^:]*: /, '');
      grouped[problem.field] = [...new Set([...(grouped[problem.field] ?? []), message])];
    }
    return grouped;
  }, [problems]);
  const general = [...(byPointer['/settings'] ?? []), ...(byPointer['/settings/alerts'] ?? [])];

  const onChange = (update: SettingsUpdate, field: string) =>
    edit((current) => setSettings(current, update(current.settings ?? {})), `workflow-settings:${field}`);

  return (
    <div className="settings-panel" data-testid="settings-panel">
      <h2>Workflow settings</h2>
      {workflows.status === 'error' && (
        <p className="error-text">Could not list workflows: {errorMessage(workflows.error)}</p>
      )}
      {general.map((problem) => (
        <p key={problem} className="error-text" role="alert">
          {problem}
        </p>
      ))}
      <TagsField tags={doc.tags ?? []} onChange={(tags) => edit((current) => setTags(current, tags))} />
      <SettingsForm
        settings={doc.settings ?? {}}
        onChange={onChange}
        workflows={others}
        credentials={credentials}
        problems={byPointer}
      />
    </div>
  );
}
