import { type KeyboardEvent, useLayoutEffect, useRef } from 'react';
import { ExpressionEditor } from '../expressions/expression-editor.tsx';
import { ExpressionPreview } from '../expressions/expression-preview.tsx';
import { escapeFixedString, expressionBody, toExpressionValue } from '../expressions/expression-strings.ts';
import type { FieldPath } from '../expressions/field-paths.ts';
import { FixedControl } from './fixed-control.tsx';
import { expressionToFixed, fixedToExpression, modeOf } from './param-mode.ts';
import type { FieldSpec } from './schema-fields.ts';
import { bodyForTypedEquals, holdsLiteralText, isPlainEquals } from './typed-equals.ts';

type Props = {
  field: FieldSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  problems: string[];
  paths: FieldPath[];
  scope: unknown;
  inputId: string;
};

/** Where the caret goes after a mode switch made from the keyboard. */
type FocusRequest = { target: 'expression' } | { target: 'fixed'; caret: number } | null;

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
  const focusRequest = useRef<FocusRequest>(null);
  // Set when `=` was just typed into the fixed control: a second `=` right away means a literal.
  const escapeArmed = useRef(false);

  useLayoutEffect(() => {
    const request = focusRequest.current;
    if (request?.target !== 'fixed' || mode !== 'fixed') return;
    focusRequest.current = null;
    const input = document.getElementById(inputId) as HTMLInputElement | HTMLTextAreaElement | null;
    input?.focus();
    input?.setSelectionRange?.(request.caret, request.caret);
  });

  const onFixedKeyDown = (event: KeyboardEvent) => {
    if (!isPlainEquals(event)) return;
    const body = bodyForTypedEquals(field.kind, event.target, value);
    if (body === null) return;
    event.preventDefault();
    focusRequest.current = { target: 'expression' };
    escapeArmed.current = holdsLiteralText(field.kind) && body === '';
    onChange(toExpressionValue(body));
  };

  const onExpressionKeyDown = (event: KeyboardEvent) => {
    const armed = escapeArmed.current;
    if (event.key.length === 1 || event.key === 'Backspace' || event.key === 'Delete') escapeArmed.current = false;
    if (!armed || !isPlainEquals(event) || source !== '') return;
    // `==` typed deliberately into a fixed text field: a literal `=`, back in fixed mode.
    event.preventDefault();
    event.stopPropagation();
    focusRequest.current = { target: 'fixed', caret: 1 };
    onChange(escapeFixedString('='));
  };

  const onFixedChange = (next: unknown) => {
    // Pasting `=expr` in front of fixed text (no keydown) switches too; a literal stays literal.
    const pastedExpression =
      holdsLiteralText(field.kind) &&
      typeof next === 'string' &&
      next.startsWith('==') &&
      !(typeof value === 'string' && value.startsWith('=='));
    if (pastedExpression) {
      focusRequest.current = { target: 'expression' };
      onChange(toExpressionValue(next.slice(2)));
      return;
    }
    onChange(next);
  };

  const requiredMark = field.required && (
    <span className="required">
      {' '}
      *<span className="visually-hidden">(required)</span>
    </span>
  );

  return (
    <div className={`param-field${problems.length > 0 ? ' has-problem' : ''}`} data-testid={`param-${field.name}`}>
      <div className="param-head">
        {mode === 'fixed' && field.kind !== 'boolean' ? (
          <label htmlFor={inputId}>
            {field.label}
            {requiredMark}
          </label>
        ) : (
          <span className="param-label" id={`${inputId}-label`}>
            {field.label}
            {requiredMark}
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
        <div className="expression-field" onKeyDownCapture={onExpressionKeyDown}>
          <div className="expression-input">
            {!alwaysJsonata && (
              <span className="expression-prefix" aria-hidden="true" title="An expression starts with =">
                =
              </span>
            )}
            <ExpressionEditor
              value={source}
              onChange={(next) => onChange(alwaysJsonata ? next : toExpressionValue(next))}
              label={label}
              paths={paths}
              placeholder={alwaysJsonata ? "{ 'email': trigger.body.email }" : 'trigger.body.…'}
              testId={`expression-${field.name}`}
              invalid={problems.length > 0}
              autoFocus={focusRequest.current?.target === 'expression'}
              onFocused={() => {
                focusRequest.current = null;
              }}
            />
          </div>
          <ExpressionPreview source={source} scope={scope} testId={`preview-${field.name}`} />
        </div>
      ) : (
        <div className="fixed-field" onKeyDownCapture={onFixedKeyDown}>
          <FixedControl
            field={field}
            value={value}
            onChange={onFixedChange}
            inputId={inputId}
            describedBy={describedBy}
          />
        </div>
      )}
      {problems.map((problem) => (
        <p key={problem} className="error-text" role="alert">
          {problem}
        </p>
      ))}
    </div>
  );
}
