import { ExpressionEditor } from '../expressions/expression-editor.tsx';
import { ExpressionPreview } from '../expressions/expression-preview.tsx';
import { expressionBody, toExpressionValue } from '../expressions/expression-strings.ts';
import type { FieldPath } from '../expressions/field-paths.ts';
import { FixedControl } from './fixed-control.tsx';
import { expressionToFixed, fixedToExpression, modeOf } from './param-mode.ts';
import type { FieldSpec } from './schema-fields.ts';

type Props = {
  field: FieldSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  problems: string[];
  paths: FieldPath[];
  scope: unknown;
  inputId: string;
};

export function ParamField({ field, value, onChange, problems, paths, scope, inputId }: Props) {
  const mode = modeOf(field.kind, value);
  const alwaysJsonata = field.kind === 'jsonata';
  const source = alwaysJsonata
    ? typeof value === 'string'
      ? value
      : ''
    : mode === 'expression'
      ? expressionBody(value as string)
      : '';
  const describedBy = field.description ? `${inputId}-description` : undefined;
  const label = `${field.label}${alwaysJsonata ? ' (JSONata)' : mode === 'expression' ? ' (expression)' : ''}`;

  return (
    <div className={`param-field${problems.length > 0 ? ' has-problem' : ''}`} data-testid={`param-${field.name}`}>
      <div className="param-head">
        {mode === 'fixed' && field.kind !== 'boolean' ? (
          <label htmlFor={inputId}>
            {field.label}
            {field.required && (
              <span className="required">
                {' '}
                *<span className="visually-hidden">(required)</span>
              </span>
            )}
          </label>
        ) : (
          <span className="param-label" id={`${inputId}-label`}>
            {field.label}
            {field.required && (
              <span className="required">
                {' '}
                *<span className="visually-hidden">(required)</span>
              </span>
            )}
          </span>
        )}
        {!alwaysJsonata && (
          <fieldset className="mode-toggle">
            <legend className="visually-hidden">{field.label}: value mode</legend>
            <button
              type="button"
              aria-pressed={mode === 'fixed'}
              onClick={() => mode !== 'fixed' && onChange(expressionToFixed(field.kind, value))}
            >
              Fixed
            </button>
            <button
              type="button"
              aria-pressed={mode === 'expression'}
              title="Compute this value with JSONata"
              onClick={() => mode !== 'expression' && onChange(fixedToExpression(field.kind, value))}
            >
              Expression
            </button>
          </fieldset>
        )}
      </div>
      {field.description && (
        <p className="hint" id={describedBy}>
          {field.description}
        </p>
      )}
      {mode === 'expression' ? (
        <>
          <ExpressionEditor
            value={source}
            onChange={(next) => onChange(alwaysJsonata ? next : toExpressionValue(next))}
            label={label}
            paths={paths}
            placeholder={alwaysJsonata ? "{ 'email': trigger.body.email }" : 'trigger.body.…'}
            testId={`expression-${field.name}`}
            invalid={problems.length > 0}
          />
          <ExpressionPreview source={source} scope={scope} testId={`preview-${field.name}`} />
        </>
      ) : (
        <FixedControl field={field} value={value} onChange={onChange} inputId={inputId} describedBy={describedBy} />
      )}
      {problems.map((problem) => (
        <p key={problem} className="error-text" role="alert">
          {problem}
        </p>
      ))}
    </div>
  );
}
