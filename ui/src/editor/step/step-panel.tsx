import { useMemo, useState } from 'react';
import type { StepSpec } from '../../../../server/workflow/types.ts';
import type { CredentialSummary } from '../../api/endpoints.ts';
import { fieldPaths } from '../../expressions/field-paths.ts';
import { scopeFor } from '../../expressions/preview-scope.ts';
import { SchemaForm } from '../../forms/schema-form.tsx';
import { removeElements, setParam } from '../../workflow/document-ops.ts';
import { paramFields } from '../../workflow/node-catalog.ts';
import { NodeIcon } from '../canvas/node-icon.tsx';
import { useEditor } from '../editor-context.tsx';
import { PasteCurl } from './paste-curl.tsx';
import { SampleNote } from './sample-note.tsx';
import { StepConnections } from './step-connections.tsx';
import { StepIdentity } from './step-identity.tsx';
import { StepRunData } from './step-run-data.tsx';
import { StepSettings } from './step-settings.tsx';

export function StepPanel({ step }: { step: StepSpec }) {
  const { doc, edit, catalog, problems, previewInputs, previewOutputs, execution, select } = useEditor();
  const nodeType = catalog.get(step.type);
  const [created, setCreated] = useState<CredentialSummary[]>([]);
  const fields = useMemo(() => paramFields(nodeType), [nodeType]);
  const scope = useMemo(
    () => scopeFor(doc, step.id, previewInputs, previewOutputs),
    [doc, step.id, previewInputs, previewOutputs],
  );
  const paths = useMemo(
    () => [
      ...fieldPaths(scope.trigger, 'trigger'),
      ...fieldPaths(scope.steps, 'steps'),
      ...fieldPaths(scope.execution, 'execution'),
    ],
    [scope],
  );
  const stepProblems = problems.filter((problem) => problem.nodeId === step.id);
  const byField: Record<string, string[]> = {};
  for (const problem of stepProblems) {
    if (problem.field)
      byField[problem.field] = [...(byField[problem.field] ?? []), problem.message.replace(/^[^:]+: /, '')];
  }
  const general = stepProblems.filter(
    (problem) => !problem.field || !fields.some((field) => field.name === problem.field),
  );

  return (
    <div className="step-panel" data-testid="step-panel">
      <header className="panel-header">
        <NodeIcon type={step.type} category={nodeType?.category} />
        <div>
          <h2>{step.name ?? nodeType?.title ?? step.type}</h2>
          <p className="muted small">
            <code>{step.type}</code>
            {nodeType?.description && ` — ${nodeType.description}`}
          </p>
        </div>
      </header>
      {general.length > 0 && (
        <ul className="panel-problems">
          {general.map((problem) => (
            <li key={problem.message} className={`problem-${problem.severity}`}>
              {problem.message}
            </li>
          ))}
        </ul>
      )}
      {execution && <StepRunData stepId={step.id} />}
      <StepIdentity step={step} />
      <section aria-labelledby={`${step.id}-params`}>
        <h3 id={`${step.id}-params`}>Parameters</h3>
        <SampleNote />
        {step.type === 'http.request' && (
          <PasteCurl step={step} onCredentialCreated={(c) => setCreated((list) => [...list, c])} />
        )}
        <SchemaForm
          fields={fields}
          values={step.params ?? {}}
          onChange={(name, value) =>
            edit((current) => setParam(current, step.id, name, value), `param:${step.id}:${name}`)
          }
          problems={byField}
          paths={paths}
          scope={scope}
          idPrefix={`param-${step.id}`}
        />
      </section>
      <StepSettings step={step} created={created} />
      <StepConnections step={step} />
      <div className="panel-footer">
        <button
          type="button"
          className="danger-text"
          onClick={() => {
            edit((current) => removeElements(current, [step.id], []));
            select([]);
          }}
        >
          Delete step
        </button>
      </div>
    </div>
  );
}
