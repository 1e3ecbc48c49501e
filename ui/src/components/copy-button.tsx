import { useState } from 'react';
import { copyText } from '../lib/browser.ts';
import { useNotify } from './toasts.tsx';

type Props = { text: string; label: string; testId?: string };

export function CopyButton({ text, label, testId }: Props) {
  const notify = useNotify();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="copy-button"
      aria-label={label}
      title={label}
      data-testid={testId}
      onClick={async () => {
        try {
          await copyText(text);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        } catch (error) {
          notify((error as Error).message, 'error');
        }
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}
