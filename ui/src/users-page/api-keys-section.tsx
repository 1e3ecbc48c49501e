// API keys for automation (the CLI, CI): a name and a role, which is the key's scope — never
// more than its creator's own. The key itself is shown once.
import { useId, useState } from 'react';
import type { Role } from '../../../server/store/store.ts';
import { type ApiKeyView, accessApi } from '../api/access-api.ts';
import { errorMessage } from '../api/client.ts';
import { useNotify } from '../components/toasts.tsx';
import { formatRelative } from '../lib/format.ts';
import { useAsync } from '../lib/use-async.ts';
import { SecretOnceDialog } from './secret-once.tsx';

const ORDER: Role[] = ['viewer', 'editor', 'owner'];

export function ApiKeysSection(props: { myRole: Role; emailOf?: (userId: string) => string }) {
  const id = useId();
  const notify = useNotify();
  const keys = useAsync(() => accessApi.keys(), 'api-keys');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [shown, setShown] = useState<string | null>(null);
  const create = async () => {
    try {
      const created = await accessApi.createKey(name.trim(), role);
      setName('');
      setShown(created.key);
      void keys.reload();
    } catch (e) {
      notify(errorMessage(e), 'error');
    }
  };
  const revoke = async (key: ApiKeyView) => {
    try {
      await accessApi.revokeKey(key.id);
      notify(`Revoked “${key.name}”.`);
      void keys.reload();
    } catch (e) {
      notify(errorMessage(e), 'error');
    }
  };
  const active = (keys.data?.items ?? []).filter((k) => k.revokedAt === null);
  return (
    <section className="page-section" aria-label="API keys">
      <h2>API keys</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={name} placeholder="e.g. ci-sync" onChange={(e) => setName(e.target.value)} />
        <label htmlFor={`${id}-role`}>Scope</label>
        <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ORDER.slice(0, ORDER.indexOf(props.myRole) + 1).map((r) => (
            <option key={r} value={r}>
              {r === 'viewer' ? 'Read only (viewer)' : r === 'editor' ? 'Build and run (editor)' : 'Everything (owner)'}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={name.trim() === ''}>
          Create key
        </button>
      </form>
      {active.length === 0 ? (
        <p className="muted">No API keys.</p>
      ) : (
        <table className="workflow-table" aria-label="API keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              {props.emailOf && <th scope="col">Owner</th>}
              <th scope="col">Scope</th>
              <th scope="col">Key</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {active.map((k) => (
              <tr key={k.id}>
                <td className="workflow-name">{k.name}</td>
                {props.emailOf && <td>{props.emailOf(k.userId)}</td>}
                <td>{k.role}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{k.lastUsedAt ? formatRelative(k.lastUsedAt) : 'never'}</td>
                <td className="row-actions">
                  <button type="button" className="danger-text" onClick={() => void revoke(k)}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown && (
        <SecretOnceDialog
          title="Your new API key"
          intro="Send it as Authorization: Bearer <key> (HOOKFLOW_API_KEY for the CLI)."
          secret={shown}
          onClose={() => setShown(null)}
        />
      )}
    </section>
  );
}
