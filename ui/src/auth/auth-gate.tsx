// Signs the editor in. Asks the server who we are (`GET /api/auth/session`); when nobody is
// signed in it shows the sign-in form, or the one-time owner setup while no account exists.
// Any later 401 (session expired, signed out elsewhere) brings the form back.
import { type ReactNode, useCallback, useEffect, useId, useState } from 'react';
import { ApiRequestError, apiRequest, errorMessage, UNAUTHENTICATED_EVENT } from '../api/client.ts';

type Session = { authenticated: boolean; setupRequired: boolean; user: { email: string | null; role: string } | null };

export function AuthGate({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const refresh = useCallback(() => {
    apiRequest<Session>('GET', '/api/auth/session').then(setSession, (e) => setFailure(errorMessage(e)));
  }, []);
  useEffect(() => {
    refresh();
    const onUnauthenticated = () => setSession((s) => (s ? { ...s, authenticated: false } : s));
    window.addEventListener(UNAUTHENTICATED_EVENT, onUnauthenticated);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, onUnauthenticated);
  }, [refresh]);
  if (failure) return <p className="loading-screen error-text">{failure}</p>;
  if (!session) return <p className="loading-screen muted">Loading…</p>;
  if (session.authenticated) return <>{children}</>;
  return <SignInForm setup={session.setupRequired} onDone={refresh} />;
}

function SignInForm({ setup, onDone }: { setup: boolean; onDone: () => void }) {
  const emailId = useId();
  const passwordId = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await apiRequest('POST', setup ? '/api/auth/setup' : '/api/auth/login', { email, password });
      onDone();
    } catch (e) {
      setError(e instanceof ApiRequestError ? e.message : errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="list-page" data-testid="sign-in">
      <h1>{setup ? 'Create the owner account' : 'Sign in to Hookflow'}</h1>
      {setup && <p className="muted">No account exists yet. The first one owns this Hookflow.</p>}
      <form
        className="form-grid sign-in-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label htmlFor={emailId}>E-mail</label>
        <input
          id={emailId}
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor={passwordId}>Password</label>
        <input
          id={passwordId}
          type="password"
          autoComplete={setup ? 'new-password' : 'current-password'}
          minLength={setup ? 12 : undefined}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || email === '' || password === ''}>
          {setup ? 'Create account' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
