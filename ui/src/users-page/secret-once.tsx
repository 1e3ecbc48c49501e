import { CopyButton } from '../components/copy-button.tsx';
import { Modal } from '../components/modal.tsx';

/** A secret the server shows once (an API key, an invitation link): copy it now or lose it. */
export function SecretOnceDialog(props: { title: string; intro: string; secret: string; onClose: () => void }) {
  return (
    <Modal
      title={props.title}
      onClose={props.onClose}
      testId="secret-once"
      actions={
        <button type="button" className="primary" onClick={props.onClose}>
          Done
        </button>
      }
    >
      <p>{props.intro}</p>
      <div className="secret-once">
        <code data-testid="secret-value">{props.secret}</code>
        <CopyButton text={props.secret} label="Copy" />
      </div>
      <p className="muted small">It is shown only this once; Hookflow keeps only its hash.</p>
    </Modal>
  );
}
