import { useEffect, useId, useState } from 'react';
import type { StepSpec } from '../../../../server/workflow/types.ts';
import { renameStep, updateStep } from '../../workflow/document-ops.ts';
import { stepIdProblem } from '../../workflow/step-ids.ts';
import { useEditor } from '../editor-context.tsx';

/** The step's id (how expressions address it) and its display name. */
export function StepIdentity({ step }: { step: StepSpec }) {
  const { doc, edit, select } = useEditor();
  const idInput = useId();
  const nameInput = useId();
  const [draftId, setDraftId] = useState(step.id);
  useEffect(() => setDraftId(step.id), [step.id]);
  const others = doc.steps.filter((other) => other !== step).map((other) => other.id);
  const problem = draftId === step.id ? null : stepIdProblem(draftId, others);

  const commitId = () => {
    if (draftId === step.id || problem) return;
    const to = draftId;
    edit((current) => renameStep(current, step.id, to));
    select([to]);
  };

  return (
    <div className="form-grid">
      <label htmlFor={idInput}>Id</label>
      <div>
        <input
          id={idInput}
          value={draftId}
          spellCheck={false}
          aria-invalid={problem !== null}
          aria-describedby={`${idInput}-hint`}
          onChange={(event) => setDraftId(event.target.value)}
          onBlur={commitId}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commitId();
            if (event.key === 'Escape') setDraftId(step.id);
          }}
        />
        <p id={`${idInput}-hint`} className={`hint${problem ? ' error-text' : ''}`}>
          {problem ?? (
            <>
              Later steps read its output as <code>steps.{step.id}</code>; renaming updates them.
            </>
          )}
        </p>
      </div>
      <label htmlFor={nameInput}>Label</label>
      <input
        id={nameInput}
        value={step.name ?? ''}
        placeholder="Shown on the canvas"
        onChange={(event) => {
          const name = event.target.value;
          edit((current) => updateStep(current, step.id, { name: name === '' ? undefined : name }), `name:${step.id}`);
        }}
      />
    </div>
  );
}
