// Users and API keys (owners): add or invite, change role, disable or enable, reset a
// password (a one-time link), delete; then everyone's API keys.
import { useState } from 'react';
import type { UserView } from '../../../server/http/api-types.ts';
import type { Role } from '../../../server/store/store.ts';
import { accessApi, resetLink } from '../api/access-api.ts';
import { errorMessage } from '../api/client.ts';
import { useSession } from '../auth/session-context.ts';
import { ConfirmDialog } from '../components/modal.tsx';
import { useNotify } from '../components/toasts.tsx';
import { formatRelative } from '../lib/format.ts';
import { useAsync } from '../lib/use-async.ts';
import { AddUserDialog } from './add-user-dialog.tsx';
import { ApiKeysSection } from './api-keys-section.tsx';
import { SecretOnceDialog } from './secret-once.tsx';

type Dialog =
  | { kind: 'add' }
  | { kind: 'link'; title: string; intro: string; link: string }
  | { kind: 'delete'; user: UserView };

export default function UsersPage() {
  const { user: me } = useSession();
  const notify = useNotify();
  const users = useAsync(() => accessApi.users(), 'users');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  if (me.role !== 'owner') {
    return (
      <main className="list-page">
        <h1>Users & keys</h1>
        <p>Only owners manage users. Your own sessions and API keys are under the account menu.</p>
      </main>
    );
  }
  const act = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      notify(done);
      void users.reload();
    } catch (e) {
      notify(errorMessage(e), 'error');
    }
  };
  const items = users.data?.items ?? [];
  return (
    <main className="list-page">
      <header className="page-header">
        <h1>Users & keys</h1>
        <div className="actions">
          <button type="button" className="primary" onClick={() => setDialog({ kind: 'add' })}>
            Add user
          </button>
        </div>
      </header>
      {users.status === 'error' && <p className="banner banner-error">{errorMessage(users.error)}</p>}
      <table className="workflow-table" aria-label="Users">
        <thead>
          <tr>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((u) => (
            <tr key={u.id} data-testid={`user-${u.email}`}>
              <td className="workflow-name">
                {u.email}
                {u.id === me.id && <span className="muted small"> (you)</span>}
              </td>
              <td>
                <select
                  aria-label={`Role of ${u.email}`}
                  value={u.role}
                  onChange={(e) =>
                    void act(
                      () => accessApi.changeUser(u.id, { role: e.target.value as Role }),
                      `${u.email} is now ${e.target.value}.`,
                    )
                  }
                >
                  <option value="viewer">Viewer</option>
                  <option value="editor">Editor</option>
                  <option value="owner">Owner</option>
                </select>
              </td>
              <td>
                <span className={`pill ${u.disabledAt ? 'pill-off' : 'pill-on'}`}>
                  {u.disabledAt ? 'Disabled' : 'Active'}
                </span>
              </td>
              <td title={u.createdAt}>{formatRelative(u.createdAt)}</td>
              <td className="row-actions">
                <button
                  type="button"
                  onClick={() =>
                    void act(
                      () => accessApi.changeUser(u.id, { disabled: u.disabledAt === null }),
                      `${u.email} is ${u.disabledAt === null ? 'disabled and signed out' : 'enabled'}.`,
                    )
                  }
                >
                  {u.disabledAt ? 'Enable' : 'Disable'}
                </button>
                <button
                  type="button"
                  onClick={async () => {
                    try {
                      const t = await accessApi.resetPassword(u.id);
                      setDialog({
                        kind: 'link',
                        title: `Password reset for ${u.email}`,
                        intro: `Send this link to ${u.email}; it lets them choose a new password until ${new Date(t.expiresAt).toLocaleString()}.`,
                        link: resetLink(t.token),
                      });
                    } catch (e) {
                      notify(errorMessage(e), 'error');
                    }
                  }}
                >
                  Reset password
                </button>
                <button type="button" className="danger-text" onClick={() => setDialog({ kind: 'delete', user: u })}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <ApiKeysSection myRole={me.role} emailOf={(id) => items.find((u) => u.id === id)?.email ?? 'admin key'} />

      {dialog?.kind === 'add' && (
        <AddUserDialog
          onClose={() => setDialog(null)}
          onAdded={(email, invite) => {
            void users.reload();
            if (!invite) {
              setDialog(null);
              notify(`Added ${email}.`);
              return;
            }
            setDialog({
              kind: 'link',
              title: `Invitation for ${email}`,
              intro: `Send this link to ${email}; it lets them choose a password until ${new Date(invite.expiresAt).toLocaleString()}.`,
              link: resetLink(invite.token),
            });
          }}
        />
      )}
      {dialog?.kind === 'link' && (
        <SecretOnceDialog
          title={dialog.title}
          intro={dialog.intro}
          secret={dialog.link}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete user?"
          message={<p>{dialog.user.email} is signed out everywhere and their API keys stop working.</p>}
          confirmLabel="Delete"
          danger
          onConfirm={() => {
            const u = dialog.user;
            setDialog(null);
            void act(() => accessApi.deleteUser(u.id), `Deleted ${u.email}.`);
          }}
          onCancel={() => setDialog(null)}
        />
      )}
    </main>
  );
}
