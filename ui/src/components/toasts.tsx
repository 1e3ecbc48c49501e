import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

type Toast = { id: number; kind: 'info' | 'error'; message: string };
type Notify = (message: string, kind?: Toast['kind']) => void;

const ToastContext = createContext<Notify>(() => {});
let nextId = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((toast) => toast.id !== id)), []);
  const notify = useCallback<Notify>(
    (message, kind = 'info') => {
      const id = nextId++;
      setToasts((list) => [...list.slice(-3), { id, kind, message }]);
      // Errors stay until dismissed so they can be read; confirmations fade on their own.
      if (kind === 'info') setTimeout(() => dismiss(id), 3500);
    },
    [dismiss],
  );
  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.kind}`} data-testid={`toast-${toast.kind}`}>
            <span>{toast.message}</span>
            <button type="button" className="icon" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useNotify(): Notify {
  return useContext(ToastContext);
}
