import { createContext, useContext } from 'react';
import type { Role } from '../../../server/store/store.ts';

export type SessionUser = { id: string; email: string | null; role: Role };
export type SessionState = { user: SessionUser; refresh: () => void };

/** Who is signed in, for the screens that adapt to the role (owner-only pages, read-only viewers). */
export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside AuthGate');
  return session;
}

export const canEdit = (role: Role): boolean => role !== 'viewer';
