// /api/auth/sessions — the caller's own signed-in sessions (owners: everyone's), to see where
// they are signed in and sign a device out. A session is named by an id derived from its
// stored hash, never by the token or the hash itself.
import { Router } from 'express';
import { principalOf } from '../../auth/access-middleware.ts';
import { sessionId } from '../../auth/tokens.ts';
import { notFound } from '../../lib/errors.ts';
import type { SessionRow } from '../../store/store.ts';
import type { SessionView } from '../api-types.ts';
import type { AppContext } from '../app-context.ts';
import { mustBe } from './auth.ts';

export const sessionView = (s: SessionRow, currentHash: string | null): SessionView => ({
  id: sessionId(s.tokenHash),
  userId: s.userId,
  createdAt: new Date(s.createdAt).toISOString(),
  expiresAt: new Date(s.expiresAt).toISOString(),
  current: s.tokenHash === currentHash,
});

export function sessionsRouter(ctx: AppContext): Router {
  const router = Router({ caseSensitive: true });
  const { store } = ctx;

  router.get('/', async (_req, res) => {
    const p = mustBe(principalOf(res));
    const sessions = await store.listSessions(Date.now(), p.role === 'owner' ? undefined : p.userId);
    res.json({ items: sessions.map((s) => sessionView(s, p.sessionHash)) });
  });

  router.delete('/:id', async (req, res) => {
    const p = mustBe(principalOf(res));
    const sessions = await store.listSessions(Date.now(), p.role === 'owner' ? undefined : p.userId);
    const session = sessions.find((s) => sessionId(s.tokenHash) === req.params.id);
    if (!session) throw notFound('session', req.params.id);
    await store.deleteSession(session.tokenHash);
    res.status(204).end();
  });

  return router;
}
