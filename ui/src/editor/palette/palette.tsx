import { useMemo, useState } from 'react';
import type { NodeTypeView } from '../../../../server/http/api-types.ts';
import { humanize } from '../../forms/schema-fields.ts';
import { groupByCategory } from '../../workflow/node-catalog.ts';
import { PaletteItem } from './palette-item.tsx';

type Props = { nodeTypes: NodeTypeView[]; onAdd: (type: string) => void; error: string | null };

export function Palette({ nodeTypes, onAdd, error }: Props) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const matching = needle
      ? nodeTypes.filter((item) =>
          [item.title, item.type, item.category, item.description].some((text) => text?.toLowerCase().includes(needle)),
        )
      : nodeTypes;
    return groupByCategory(matching);
  }, [nodeTypes, query]);

  return (
    <nav className="palette" aria-label="Node palette">
      <input
        type="search"
        className="palette-search"
        placeholder="Search nodes…"
        aria-label="Search nodes"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <p className="hint">Drag onto the canvas, or press Enter to add after the selected step.</p>
      {error && <p className="error-text">{error}</p>}
      {groups.map((group) => (
        <section key={group.category} className="palette-group">
          <h3>{humanize(group.category)}</h3>
          <ul>
            {group.items.map((item) => (
              <PaletteItem key={item.type} nodeType={item} onAdd={onAdd} />
            ))}
          </ul>
        </section>
      ))}
      {groups.length === 0 && !error && <p className="muted">No node matches “{query}”.</p>}
    </nav>
  );
}
