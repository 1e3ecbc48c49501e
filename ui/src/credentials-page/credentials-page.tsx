// The credentials screen: every stored credential by name and type (never its values), with
// create, edit ("leave empty to keep"), rotate, test and delete. Viewers see the list only.
import { useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { type CredentialView, credentialsApi } from '../api/credentials-api.ts';
import { canEdit, useSession } from '../auth/session-context.ts';
import { ConfirmDialog } from '../components/modal.tsx';
import { useNotify } from '../components/toasts.tsx';
import { formatRelative } from '../lib/format.ts';
import { useAsync } from '../lib/use-async.ts';
import { CredentialDialog } from './credential-dialog.tsx';
import { RotateDialog } from './rotate-dialog.tsx';

type Dialog =
  | { kind: 'new' }
  | { kind: 'edit'; credential: CredentialView }
  | { kind: 'rotate'; credential: CredentialView }
  | { kind: 'delete'; credential: CredentialView };

export default function CredentialsPage() {
  const notify = useNotify();
  const editor = canEdit(useSession().user.role);
  const list = useAsync(() => credentialsApi.list(), 'credentials');
  const types = useAsync(() => credentialsApi.types(), 'credential-types');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [checks, setChecks] = useState<Record<string, { ok: boolean; message: string } | 'running'>>({});
  const typeOf = (type: string) => types.data?.items.find((t) => t.type === type);

  const test = async (name: string) => {
    setChecks((c) => ({ ...c, [name]: 'running' }));
    try {
      const result = await credentialsApi.test(name);
      setChecks((c) => ({ ...c, [name]: result }));
    } catch (error) {
      setChecks((c) => ({ ...c, [name]: { ok: false, message: errorMessage(error) } }));
    }
  };
  const remove = async (credential: CredentialView) => {
    setDialog(null);
    try {
      await credentialsApi.remove(credential.name);
      notify(`Deleted credential “${credential.name}”.`);
      void list.reload();
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
  };
  const saved = (verb: string) => (credential: CredentialView) => {
    setDialog(null);
    notify(`${verb} credential “${credential.name}”.`);
    void list.reload();
  };

  const items = list.data?.items ?? [];
  return (
    <main className="list-page">
      <header className="page-header">
        <h1>Credentials</h1>
        {editor && (
          <div className="actions">
            <button type="button" className="primary" disabled={!types.data} onClick={() => setDialog({ kind: 'new' })}>
              New credential
            </button>
          </div>
        )}
      </header>
      <p className="muted">
        Secrets your steps and triggers use, stored encrypted. Their values are write-only: nobody can read them back,
        not even here.
      </p>
      {list.status === 'error' && <p className="banner banner-error">{errorMessage(list.error)}</p>}
      {list.data && items.length === 0 && (
        <section className="empty-state">
          <h2>No credentials yet</h2>
          <p>Add the SMTP server, API token or signing secret a workflow needs, then pick it in the step.</p>
        </section>
      )}
      {items.length > 0 && (
        <table className="workflow-table" aria-label="Credentials">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Changed</th>
              <th scope="col">Test</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => {
              const def = typeOf(c.type);
              const check = checks[c.name];
              return (
                <tr key={c.name} data-testid={`credential-${c.name}`}>
                  <td className="workflow-name">{c.name}</td>
                  <td>{def?.title ?? c.type}</td>
                  <td title={c.updatedAt}>{formatRelative(c.updatedAt)}</td>
                  <td>
                    {check === 'running' && <span className="muted">Testing…</span>}
                    {check && check !== 'running' && (
                      <span className={check.ok ? 'check-ok' : 'error-text'} data-testid="check-result">
                        {check.ok ? '✓ ' : '✗ '}
                        {check.message}
                      </span>
                    )}
                  </td>
                  <td className="row-actions">
                    {editor && def?.testable && (
                      <button type="button" onClick={() => void test(c.name)}>
                        Test
                      </button>
                    )}
                    {editor && (
                      <button type="button" onClick={() => setDialog({ kind: 'edit', credential: c })}>
                        Edit
                      </button>
                    )}
                    {editor && def?.rotatable && (
                      <button type="button" onClick={() => setDialog({ kind: 'rotate', credential: c })}>
                        Rotate
                      </button>
                    )}
                    {editor && (
                      <button
                        type="button"
                        className="danger-text"
                        onClick={() => setDialog({ kind: 'delete', credential: c })}
                      >
                        Delete
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {types.data && (dialog?.kind === 'new' || dialog?.kind === 'edit') && (
        <CredentialDialog
          types={types.data.items}
          editing={dialog.kind === 'edit' ? dialog.credential : undefined}
          onClose={() => setDialog(null)}
          onSaved={saved(dialog.kind === 'edit' ? 'Updated' : 'Created')}
        />
      )}
      {dialog?.kind === 'rotate' && (
        <RotateDialog credential={dialog.credential} onClose={() => setDialog(null)} onSaved={saved('Rotated')} />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete credential?"
          message={
            <p>
              Steps and triggers that name “{dialog.credential.name}” will fail until a credential with that name exists
              again.
            </p>
          }
          confirmLabel="Delete"
          danger
          onConfirm={() => void remove(dialog.credential)}
          onCancel={() => setDialog(null)}
        />
      )}
    </main>
  );
}
