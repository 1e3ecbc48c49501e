type Props = {
  query: string;
  onQuery: (query: string) => void;
  tags: string[];
  tag: string | null;
  onTag: (tag: string | null) => void;
  shown: number;
  total: number;
};

/** Search by name or id, and one tag at a time; the count says how much the filter hides. */
export function WorkflowFilters({ query, onQuery, tags, tag, onTag, shown, total }: Props) {
  return (
    <div className="workflow-filters" data-testid="workflow-filters">
      <input
        type="search"
        value={query}
        onChange={(event) => onQuery(event.target.value)}
        placeholder="Search by name or id"
        aria-label="Search workflows by name or id"
      />
      {tags.length > 0 && (
        <fieldset className="tag-filter">
          <legend className="visually-hidden">Filter by tag</legend>
          <button type="button" className={tag === null ? 'tag-chip is-on' : 'tag-chip'} onClick={() => onTag(null)}>
            All tags
          </button>
          {tags.map((name) => (
            <button
              key={name}
              type="button"
              className={tag === name ? 'tag-chip is-on' : 'tag-chip'}
              aria-pressed={tag === name}
              onClick={() => onTag(tag === name ? null : name)}
            >
              {name}
            </button>
          ))}
        </fieldset>
      )}
      {shown !== total && (
        <span className="muted small" data-testid="filter-count">
          {shown} of {total} shown
        </span>
      )}
    </div>
  );
}
