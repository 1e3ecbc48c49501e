import { TRIGGER_ID } from '../../../../server/workflow/types.ts';
import { useEditor } from '../editor-context.tsx';

/** Says what the previews are computed on, and how to get a sample when there is none. */
export function SampleNote() {
  const { sample, select } = useEditor();
  if (sample) {
    return (
      <p className="sample-note" data-testid="sample-note">
        Previews use the <strong>{sample.label}</strong>.
      </p>
    );
  }
  return (
    <p className="sample-note is-missing" data-testid="sample-note">
      No sample request yet.{' '}
      <button type="button" className="link" onClick={() => select([TRIGGER_ID])}>
        Capture or paste one on the trigger
      </button>{' '}
      to see expression results.
    </p>
  );
}
