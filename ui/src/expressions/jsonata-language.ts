import { HighlightStyle, StreamLanguage, type StringStream, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';

// JSONata has no maintained CodeMirror grammar; a stream tokenizer is enough for highlighting,
// since errors come from JSONata's own parser.
type State = { inComment: boolean };

const KEYWORDS = new Set(['and', 'or', 'in', 'function']);
const ATOMS = new Set(['true', 'false', 'null']);

function token(stream: StringStream, state: State): string | null {
  if (state.inComment) {
    if (stream.skipTo('*/')) {
      stream.match('*/');
      state.inComment = false;
    } else stream.skipToEnd();
    return 'comment';
  }
  if (stream.eatSpace()) return null;
  if (stream.match('/*')) {
    state.inComment = true;
    return 'comment';
  }
  const quote = stream.peek();
  if (quote === '"' || quote === "'") {
    stream.next();
    let escaped = false;
    for (let next = stream.next(); next !== undefined; next = stream.next()) {
      if (next === quote && !escaped) break;
      escaped = !escaped && next === '\\';
    }
    return 'string';
  }
  if (quote === '`') {
    stream.next();
    stream.skipTo('`') ? stream.next() : stream.skipToEnd();
    return 'propertyName';
  }
  if (stream.match(/^-?\d+(\.\d+)?([eE][+-]?\d+)?/)) return 'number';
  if (stream.match(/^\$[A-Za-z0-9_]*(?=\s*\()/)) return 'function';
  if (stream.match(/^\$\$?[A-Za-z0-9_]*/)) return 'variableName';
  const word = stream.match(/^[A-Za-z_][A-Za-z0-9_]*/) as RegExpMatchArray | null;
  if (word) {
    if (KEYWORDS.has(word[0])) return 'keyword';
    if (ATOMS.has(word[0])) return 'atom';
    return 'propertyName';
  }
  if (stream.match(/^(:=|!=|<=|>=|~>|\?:|\?\?|\.\.|[-+*/%=<>&?:!^|#@])/)) return 'operator';
  if (stream.match(/^[[\](){}]/)) return 'bracket';
  stream.next();
  return null;
}

export const jsonataLanguage = StreamLanguage.define<State>({
  name: 'jsonata',
  startState: () => ({ inComment: false }),
  token,
  languageData: { closeBrackets: { brackets: ['(', '[', '{', "'", '"'] } },
});

const jsonataHighlightStyle = HighlightStyle.define([
  { tag: tags.string, color: 'var(--syn-string)' },
  { tag: tags.number, color: 'var(--syn-number)' },
  { tag: tags.atom, color: 'var(--syn-number)' },
  { tag: tags.keyword, color: 'var(--syn-keyword)', fontWeight: '600' },
  { tag: tags.function(tags.variableName), color: 'var(--syn-function)' },
  { tag: tags.variableName, color: 'var(--syn-variable)' },
  { tag: tags.propertyName, color: 'var(--syn-property)' },
  { tag: tags.operator, color: 'var(--syn-operator)' },
  { tag: tags.comment, color: 'var(--syn-comment)', fontStyle: 'italic' },
  { tag: tags.bracket, color: 'var(--syn-comment)' },
]);

export const jsonataHighlighting = syntaxHighlighting(jsonataHighlightStyle);
