// My account: where I am signed in (sign a device out) and my own API keys.
import type { SessionView } from '../../../server/http/api-types.ts';
import { accessApi } from '../api/access-api.ts';
import { errorMessage } from '../api/client.ts';
import { useSession } from '../auth/session-context.ts';
import { useNotify } from '../components/toasts.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useAsync } from '../lib/use-async.ts';
import { ApiKeysSection } from './api-keys-section.tsx';

export default function AccountPage() {
  const { user, refresh } = useSession();
  const notify = useNotify();
  const sessions = useAsync(() => accessApi.sessions(), 'sessions');
  // Owners list everyone's sessions from this route; this page is about mine.
  const mine = (sessions.data?.items ?? []).filter((s) => s.userId === user.id);
  const revoke = async (s: SessionView) => {
    try {
      await accessApi.revokeSession(s.id);
      if (s.current) refresh();
      else {
        notify('Signed that session out.');
        void sessions.reload();
      }
    } catch (e) {
      notify(errorMessage(e), 'error');
    }
  };
  return (
    <main className="list-page">
      <header className="page-header">
        <h1>My account</h1>
      </header>
      <p>
        {user.email} · <span className="pill">{user.role}</span>
      </p>
      <section className="page-section" aria-label="My sessions">
        <h2>My sessions</h2>
        <table className="workflow-table" aria-label="Sessions">
          <thead>
            <tr>
              <th scope="col">Signed in</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {mine.map((s) => (
              <tr key={s.id}>
                <td>
                  {formatDateTime(s.createdAt)}
                  {s.current && <span className="pill pill-on"> this browser</span>}
                </td>
                <td>{formatDateTime(s.expiresAt)}</td>
                <td className="row-actions">
                  <button type="button" className="danger-text" onClick={() => void revoke(s)}>
                    {s.current ? 'Sign out here' : 'Revoke'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <ApiKeysSection myRole={user.role} />
    </main>
  );
}
