import { useId, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { type CredentialView, credentialsApi } from '../api/credentials-api.ts';
import { Modal } from '../components/modal.tsx';

/** A new current secret; the old one stays accepted, so senders can move over at their pace. */
export function RotateDialog(props: {
  credential: CredentialView;
  onClose: () => void;
  onSaved: (c: CredentialView) => void;
}) {
  const id = useId();
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    try {
      props.onSaved(await credentialsApi.rotate(props.credential.name, secret));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Modal
      title={`Rotate “${props.credential.name}”`}
      onClose={props.onClose}
      testId="rotate-dialog"
      actions={
        <>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={secret === ''} onClick={() => void save()}>
            Rotate
          </button>
        </>
      }
    >
      <p className="muted small">
        The new secret becomes current; the old one is still accepted (the last five are kept) until you remove it by
        editing the credential.
      </p>
      <div className="cred-field">
        <label htmlFor={id}>New secret</label>
        <input id={id} type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />
      </div>
      {error && <p className="error-text">{error}</p>}
    </Modal>
  );
}
