// The audit log of management actions. Every successful state-changing `/api` request is
// recorded by one middleware (so a new route cannot forget it), with who did it, what, and
// to which resource — never the request body, which may hold credential values.
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.ts';
import { isReadOnlyPost } from '../auth/roles.ts';
import { ulid } from '../lib/ids.ts';
import type { AuditEntry, Store } from '../store/store.ts';

const RESOURCES: Record<string, string> = {
  workflows: 'workflow',
  credentials: 'credential',
  executions: 'execution',
  keys: 'api-key',
  users: 'user',
  sessions: 'session',
};

/** Requests that change nothing worth auditing, or that record themselves (login). */
const NOT_AUDITED = [/^\/auth\/(login|logout|setup|session|reset-password)$/];

export type AuditTarget = { action: string; resource: string; resourceId: string | null };

/** `/workflows/abc/versions/3/restore` + POST → `workflow.restore` on `abc`. */
export function describeAction(method: string, path: string, createdId: string | null): AuditTarget {
  const segments = path.split('/').filter(Boolean);
  if (segments[0] === 'auth') segments.shift();
  const resource = RESOURCES[segments[0] ?? ''] ?? segments[0] ?? 'api';
  const resourceId = segments[1] ? decodeURIComponent(segments[1]) : createdId;
  const verb =
    segments.length > 2
      ? segments[segments.length - 1]
      : method === 'POST'
        ? segments.length === 1
          ? 'create'
          : 'update'
        : method === 'DELETE'
          ? 'delete'
          : 'update';
  return { action: `${resource}.${verb}`, resource, resourceId };
}

export function actorOf(p: Principal | null): AuditEntry['actor'] {
  if (!p) return { type: 'anonymous', id: null, email: null };
  return {
    type: p.kind,
    id: p.kind === 'api-key' ? p.keyId : p.kind === 'admin-key' ? null : p.userId,
    email: p.email,
  };
}

export async function recordAudit(
  store: Store,
  logger: Logger,
  entry: Omit<AuditEntry, 'id' | 'at'> & { at?: number },
): Promise<void> {
  const at = entry.at ?? Date.now();
  try {
    await store.appendAudit({ ...entry, id: ulid(at), at });
  } catch (err) {
    logger.error({ err, action: entry.action }, 'could not write the audit log');
  }
}

/** Mounted on `/api` after the access middleware. */
export function auditMiddleware(store: Store, logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const path = req.path;
    if (NOT_AUDITED.some((re) => re.test(path)) || (req.method === 'POST' && isReadOnlyPost(path))) return next();
    res.on('finish', () => {
      if (res.statusCode >= 400) return;
      // A created resource is named by its id (workflows) or name (credentials) in the body.
      const body = req.body as { id?: unknown; name?: unknown } | undefined;
      const named = typeof body?.id === 'string' ? body.id : typeof body?.name === 'string' ? body.name : null;
      const createdId = (res.locals.auditResourceId as string | undefined) ?? named;
      const target = describeAction(req.method, path, createdId);
      // A route may name its action more precisely than the path can (`user.disable`).
      if (typeof res.locals.auditAction === 'string') target.action = res.locals.auditAction;
      void recordAudit(store, logger, {
        actor: actorOf((res.locals.principal as Principal | undefined) ?? null),
        ...target,
        method: req.method,
        path: `/api${path}`,
        status: res.statusCode,
      });
    });
    next();
  };
}
