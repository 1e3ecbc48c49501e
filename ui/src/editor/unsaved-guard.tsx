import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../components/modal.tsx';
import { navigate, setNavigationGuard } from '../lib/router.ts';

/**
 * Stops in-app navigation and page unloads while there are unsaved changes. In-app navigation
 * is held and the user asked in a dialog; the browser asks on its own for reloads and closes.
 */
export function UnsavedGuard({ dirty }: { dirty: boolean }) {
  const [pending, setPending] = useState<string | null>(null);

  useEffect(() => {
    if (!dirty) {
      setNavigationGuard(null);
      return;
    }
    setNavigationGuard((to) => {
      setPending(to);
      return false;
    });
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      setNavigationGuard(null);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [dirty]);

  if (pending === null) return null;
  return (
    <ConfirmDialog
      title="Discard unsaved changes?"
      message={<p>This workflow has changes that are not saved. Leaving discards them.</p>}
      confirmLabel="Discard and leave"
      danger
      onCancel={() => setPending(null)}
      onConfirm={() => {
        const to = pending;
        setPending(null);
        setNavigationGuard(null);
        navigate(to, { force: true });
      }}
    />
  );
}
