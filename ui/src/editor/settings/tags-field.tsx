import { useId, useState } from 'react';
import { tagProblem } from '../../workflow/tags.ts';

type Props = { tags: string[]; onChange: (tags: string[]) => void };

/** Tags as removable chips; Enter or a comma adds what was typed. */
export function TagsField({ tags, onChange }: Props) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const add = (text: string) => {
    const tag = text.trim();
    const why = tagProblem(tag, tags);
    setProblem(tag === '' ? null : why);
    if (why) return;
    onChange([...tags, tag]);
    setDraft('');
  };

  return (
    <div className="field tags-field" data-testid="tags-field">
      <label htmlFor={id}>Tags</label>
      <ul className="tag-list" aria-label="Tags of this workflow">
        {tags.map((tag) => (
          <li key={tag} className="tag">
            {tag}
            <button
              type="button"
              className="icon"
              aria-label={`Remove tag ${tag}`}
              onClick={() => onChange(tags.filter((other) => other !== tag))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        id={id}
        value={draft}
        placeholder="Add a tag and press Enter"
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint`}
        onChange={(event) => {
          const text = event.target.value;
          setProblem(null);
          if (text.endsWith(',')) add(text.slice(0, -1));
          else setDraft(text);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            add(draft);
          }
        }}
        onBlur={() => draft.trim() !== '' && add(draft)}
      />
      {problem ? (
        <p id={`${id}-hint`} className="error-text" role="alert">
          {problem}
        </p>
      ) : (
        <p id={`${id}-hint`} className="muted small">
          Find workflows by tag on the list page.
        </p>
      )}
    </div>
  );
}
