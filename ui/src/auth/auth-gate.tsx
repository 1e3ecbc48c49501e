// Signs the editor in. Asks the server who we are (`GET /api/auth/session`); when nobody is
// signed in it shows the sign-in form, or the one-time owner setup while no account exists,
// or — opened from an invitation or reset link (`#reset=<token>`) — "choose a password".
// Any later 401 (session expired, signed out elsewhere) brings the form back.
import { type ReactNode, useCallback, useEffect, useId, useMemo, useState } from 'react';
import { ApiRequestError, apiRequest, errorMessage, UNAUTHENTICATED_EVENT } from '../api/client.ts';
import { SessionContext, type SessionUser } from './session-context.ts';

type Session = {
  authenticated: boolean;
  setupRequired: boolean;
  setupNeedsAdminKey?: boolean;
  user: SessionUser | null;
};

/** The token of an invitation or reset link; in the fragment so it never reaches server logs. */
const resetToken = () => /(?:^#|&)reset=([^&]+)/.exec(window.location.hash)?.[1] ?? null;

export function AuthGate({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [token, setToken] = useState(resetToken);
  const refresh = useCallback(() => {
    apiRequest<Session>('GET', '/api/auth/session').then(setSession, (e) => setFailure(errorMessage(e)));
  }, []);
  useEffect(() => {
    refresh();
    const onUnauthenticated = () => setSession((s) => (s ? { ...s, authenticated: false } : s));
    // A link pasted into a tab that already shows Hookflow changes only the fragment.
    const onHash = () => setToken(resetToken());
    window.addEventListener(UNAUTHENTICATED_EVENT, onUnauthenticated);
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener(UNAUTHENTICATED_EVENT, onUnauthenticated);
      window.removeEventListener('hashchange', onHash);
    };
  }, [refresh]);
  const value = useMemo(
    () => (session?.authenticated && session.user ? { user: session.user, refresh } : null),
    [session, refresh],
  );
  if (failure) return <p className="loading-screen error-text">{failure}</p>;
  if (!session) return <p className="loading-screen muted">Loading…</p>;
  if (token) {
    return (
      <ChoosePasswordForm
        token={token}
        onDone={() => {
          window.history.replaceState(null, '', window.location.pathname + window.location.search);
          setToken(null);
          refresh();
        }}
      />
    );
  }
  if (value) return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
  return <SignInForm setup={session.setupRequired} needsKey={session.setupNeedsAdminKey === true} onDone={refresh} />;
}

function SignInForm({ setup, needsKey, onDone }: { setup: boolean; needsKey: boolean; onDone: () => void }) {
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [adminKey, setAdminKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const askKey = setup && needsKey;
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      // The admin key rides as a bearer token for this one request only; it is never stored.
      const headers: Record<string, string> = askKey ? { Authorization: `Bearer ${adminKey.trim()}` } : {};
      await apiRequest('POST', setup ? '/api/auth/setup' : '/api/auth/login', { email, password }, headers);
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
      {askKey && (
        <p className="muted">
          This server has an <code>ADMIN_API_KEY</code>: enter it once to prove you run it.
        </p>
      )}
      <form
        className="form-grid sign-in-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {askKey && (
          <>
            <label htmlFor={`${id}-key`}>Admin key</label>
            <input
              id={`${id}-key`}
              type="password"
              autoComplete="off"
              value={adminKey}
              onChange={(e) => setAdminKey(e.target.value)}
            />
          </>
        )}
        <label htmlFor={`${id}-email`}>E-mail</label>
        <input
          id={`${id}-email`}
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
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
        <button
          type="submit"
          className="primary"
          disabled={busy || email === '' || password === '' || (askKey && adminKey === '')}
        >
          {setup ? 'Create account' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

function ChoosePasswordForm({ token, onDone }: { token: string; onDone: () => void }) {
  const id = useId();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const submit = async () => {
    setError(null);
    try {
      await apiRequest('POST', '/api/auth/reset-password', { token: decodeURIComponent(token), password });
      setDone(true);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <main className="list-page" data-testid="choose-password">
      <h1>Choose your password</h1>
      {done ? (
        <>
          <p>Your password is set. Sign in with your e-mail and the new password.</p>
          <button type="button" className="primary" onClick={onDone}>
            Continue to sign in
          </button>
        </>
      ) : (
        <form
          className="form-grid sign-in-form"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <label htmlFor={`${id}-password`}>New password</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="new-password"
            minLength={12}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <p className="hint">At least 12 characters.</p>
          {error && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={password.length < 12}>
            Set password
          </button>
        </form>
      )}
    </main>
  );
}
