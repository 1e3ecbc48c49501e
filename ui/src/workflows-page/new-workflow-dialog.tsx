import { useId, useState } from 'react';
import { Modal } from '../components/modal.tsx';
import { navigate } from '../lib/router.ts';
import { slugify } from '../workflow/step-ids.ts';

type Props = { existingIds: string[]; onClose: () => void };

export function NewWorkflowDialog({ existingIds, onClose }: Props) {
  const nameId = useId();
  const idId = useId();
  const [name, setName] = useState('');
  const [customId, setCustomId] = useState<string | null>(null);
  const id = customId ?? slugify(name || 'untitled workflow');
  const taken = existingIds.includes(id);
  const valid = /^[a-z0-9][a-z0-9-_]{0,79}$/.test(id) && !taken;

  const submit = () => {
    if (!valid) return;
    const params = new URLSearchParams({ name: name.trim() || 'Untitled workflow', id });
    onClose();
    navigate(`/workflows/new?${params}`);
  };

  return (
    <Modal
      title="New workflow"
      onClose={onClose}
      testId="new-workflow-dialog"
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="new-workflow-form" className="primary" disabled={!valid}>
            Create
          </button>
        </>
      }
    >
      <form
        id="new-workflow-form"
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <label htmlFor={nameId}>Name</label>
        <input
          id={nameId}
          value={name}
          // biome-ignore lint/a11y/noAutofocus: the dialog exists to type this name
          autoFocus
          placeholder="Shop order to CRM"
          onChange={(event) => setName(event.target.value)}
        />
        <label htmlFor={idId}>Id</label>
        <input
          id={idId}
          value={id}
          aria-describedby={`${idId}-hint`}
          onChange={(event) => setCustomId(event.target.value)}
        />
        <p id={`${idId}-hint`} className={`hint ${valid ? '' : 'error-text'}`}>
          {taken
            ? 'A workflow with this id exists.'
            : 'Used for the file name and in the API: lower-case letters, digits, - and _.'}
        </p>
      </form>
    </Modal>
  );
}
