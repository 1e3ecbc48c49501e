// The template gallery: ready-made webhook workflows. "Use template" installs one inactive,
// with its sample request, and opens it in the editor where the previews already show values.
import { useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { type TemplateView, templatesApi } from '../api/templates-api.ts';
import { canEdit, useSession } from '../auth/session-context.ts';
import { useNotify } from '../components/toasts.tsx';
import { navigate, workflowPath } from '../lib/router.ts';
import { useAsync } from '../lib/use-async.ts';

const SOURCE_LABEL: Record<string, string> = {
  github: 'GitHub',
  stripe: 'Stripe',
  shopify: 'Shopify',
  slack: 'Slack',
  'standard-webhooks': 'Standard Webhooks',
  webhook: 'Any webhook',
};

export default function TemplatesPage() {
  const notify = useNotify();
  const editor = canEdit(useSession().user.role);
  const list = useAsync(() => templatesApi.list(), 'templates');
  const [query, setQuery] = useState('');
  const [installing, setInstalling] = useState<string | null>(null);
  const install = async (t: TemplateView) => {
    setInstalling(t.id);
    try {
      const view = await templatesApi.install(t.id);
      notify(`Installed “${view.name}” (inactive). Add its credentials, then activate it.`);
      navigate(workflowPath(view.id));
    } catch (error) {
      notify(errorMessage(error), 'error');
      setInstalling(null);
    }
  };
  const q = query.trim().toLowerCase();
  const items = (list.data?.items ?? []).filter(
    (t) => q === '' || `${t.name} ${t.description} ${t.source}`.toLowerCase().includes(q),
  );
  return (
    <main className="list-page">
      <header className="page-header">
        <h1>Templates</h1>
        <input
          type="search"
          aria-label="Search templates"
          placeholder="Search: github, stripe, e-mail…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </header>
      <p className="muted">
        Ready-made workflows. Each installs inactive with a sample request, so you can see every expression's result
        before it goes live.
      </p>
      {list.status === 'error' && <p className="banner banner-error">{errorMessage(list.error)}</p>}
      <ul className="template-grid">
        {items.map((t) => (
          <li key={t.id} className="template-card" data-testid={`template-${t.id}`}>
            <span className="pill">{SOURCE_LABEL[t.source] ?? t.source}</span>
            <h2>{t.name}</h2>
            <p>{t.description}</p>
            <p className="muted small">
              {t.steps.length} step{t.steps.length === 1 ? '' : 's'}
              {t.credentials.length > 0 && ` · needs credentials: ${t.credentials.join(', ')}`}
            </p>
            {editor && (
              <button type="button" className="primary" disabled={installing !== null} onClick={() => void install(t)}>
                {installing === t.id ? 'Installing…' : 'Use template'}
              </button>
            )}
          </li>
        ))}
      </ul>
      {list.data && items.length === 0 && <p className="muted">No template matches “{query}”.</p>}
    </main>
  );
}
