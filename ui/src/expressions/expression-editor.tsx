import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching } from '@codemirror/language';
import { type Diagnostic, linter } from '@codemirror/lint';
import { EditorState, Transaction } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderExtension } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { compileExpression } from './compile.ts';
import { completeExpression } from './completion.ts';
import type { FieldPath } from './field-paths.ts';
import { jsonataHighlighting, jsonataLanguage } from './jsonata-language.ts';

type Props = {
  value: string;
  onChange: (value: string) => void;
  label: string;
  paths: FieldPath[];
  placeholder?: string;
  testId?: string;
  invalid?: boolean;
  /** Focus the editor on mount with the caret at the start (a switch made by typing `=`). */
  autoFocus?: boolean;
  onFocused?: () => void;
};

/** A JSONata editor: highlighting, syntax errors underlined as you type, field-path completion. */
export function ExpressionEditor({
  value,
  onChange,
  label,
  paths,
  placeholder,
  testId,
  invalid,
  autoFocus,
  onFocused,
}: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // The editor is created once; these refs let its callbacks see the latest props.
  const onChangeRef = useRef(onChange);
  const pathsRef = useRef(paths);
  onChangeRef.current = onChange;
  pathsRef.current = paths;

  // biome-ignore lint/correctness/useExhaustiveDependencies: created once per mount; value syncs below
  useEffect(() => {
    const state = EditorState.create({
      doc: value,
      extensions: [
        history(),
        closeBrackets(),
        bracketMatching(),
        jsonataLanguage,
        jsonataHighlighting,
        EditorView.lineWrapping,
        placeholderExtension(placeholder ?? ''),
        autocompletion({ override: [(context) => completeExpression(context, pathsRef.current)], icons: false }),
        linter((editor) => syntaxDiagnostics(editor.state.doc.toString()), { delay: 250 }),
        keymap.of([...closeBracketsKeymap, ...completionKeymap, ...historyKeymap, ...defaultKeymap]),
        EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true' }),
        dropTypedLeadingEquals,
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChangeRef.current(update.state.doc.toString());
        }),
      ],
    });
    view.current = new EditorView({ state, parent: host.current! });
    if (autoFocus) {
      view.current.focus();
      view.current.dispatch({ selection: { anchor: 0 } });
      onFocused?.();
    }
    return () => {
      view.current?.destroy();
      view.current = null;
    };
  }, []);

  // Keeps the editor in step with outside changes such as undo on the canvas.
  useEffect(() => {
    const current = view.current;
    if (current && current.state.doc.toString() !== value) {
      current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: value } });
    }
  }, [value]);

  return <div ref={host} className={`expression-editor${invalid ? ' is-invalid' : ''}`} data-testid={testId} />;
}

/**
 * The `=` that marks an expression is shown beside the editor, not in it. People who follow the
 * hints ("=steps.shape") type it anyway; JSONata never starts with `=`, so a typed or pasted
 * leading `=` is dropped instead of becoming `==` (a literal) or a syntax error.
 */
const dropTypedLeadingEquals = EditorState.transactionFilter.of((tr) => {
  if (!tr.docChanged || tr.annotation(Transaction.userEvent) === undefined) return tr;
  const count = /^=*/.exec(tr.newDoc.sliceString(0, 16))![0].length;
  if (count === 0) return tr;
  return [tr, { changes: { from: 0, to: count }, sequential: true }];
});

function syntaxDiagnostics(source: string): Diagnostic[] {
  if (source.trim() === '') return [];
  const compiled = compileExpression(source);
  if (compiled.ok) return [];
  const { position, token, message } = compiled.problem;
  // JSONata reports the position just after the offending token.
  const to = Math.min(source.length, Math.max(0, position ?? source.length));
  const from = Math.max(0, to - Math.max(1, token?.length ?? 1));
  return [
    {
      from,
      to: Math.min(source.length, Math.max(to, from + 1)),
      severity: 'error',
      message,
    },
  ];
}
