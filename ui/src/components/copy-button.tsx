import { useEffect, useState } from 'react';
import { copyText } from '../lib/browser.ts';
import { useNotify } from './toasts.tsx';

type Props = { text: string; label: string; testId?: string };

export function CopyButton({ text, label, testId }: Props) {
  const notify = useNotify();
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  return (
    <>
      <button
        type="button"
        className={`copy-button${copied ? ' is-copied' : ''}`}
        // The name follows the state, so assistive tech (and anyone reading it) hears "Copied".
        aria-label={copied ? 'Copied' : label}
        title={label}
        data-testid={testId}
        onClick={async () => {
          try {
            await copyText(text);
            setCopied(true);
          } catch (error) {
            notify((error as Error).message, 'error');
          }
        }}
      >
        {copied ? 'Copied ✓' : 'Copy'}
      </button>
      <span className="visually-hidden" role="status">
        {copied ? 'Copied to the clipboard' : ''}
      </span>
    </>
  );
}
