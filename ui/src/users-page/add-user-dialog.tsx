import { useId, useState } from 'react';
import type { Role } from '../../../server/store/store.ts';
import { accessApi, type OneTimeToken } from '../api/access-api.ts';
import { errorMessage } from '../api/client.ts';
import { Modal } from '../components/modal.tsx';

/** Adds a user with a password, or (password left empty) invites them with a one-time link. */
export function AddUserDialog(props: { onClose: () => void; onAdded: (email: string, invite?: OneTimeToken) => void }) {
  const id = useId();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    try {
      const user = await accessApi.createUser({ email: email.trim(), role, ...(password ? { password } : {}) });
      props.onAdded(user.email, user.invite);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Modal
      title="Add a user"
      onClose={props.onClose}
      testId="add-user-dialog"
      actions={
        <>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={email.trim() === '' || (password !== '' && password.length < 12)}
            onClick={() => void save()}
          >
            {password ? 'Create user' : 'Invite user'}
          </button>
        </>
      }
    >
      <div className="cred-form">
        <div className="cred-field">
          <label htmlFor={`${id}-email`}>E-mail</label>
          <input id={`${id}-email`} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="cred-field">
          <label htmlFor={`${id}-role`}>Role</label>
          <div>
            <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              <option value="viewer">Viewer</option>
              <option value="editor">Editor</option>
              <option value="owner">Owner</option>
            </select>
            <p className="hint small">
              Viewers look; editors build, run and manage credentials; owners also manage users.
            </p>
          </div>
        </div>
        <div className="cred-field">
          <label htmlFor={`${id}-password`}>Password</label>
          <div>
            <input
              id={`${id}-password`}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <p className="hint small">
              At least 12 characters. Leave empty to get an invitation link instead: they choose their own.
            </p>
          </div>
        </div>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
      </div>
    </Modal>
  );
}
