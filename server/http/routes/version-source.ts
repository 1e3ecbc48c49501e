// Who saved a workflow version, as the versions list shows it: the signed-in person, not the
// transport ("api"). API keys act for their owner and say so; the admin key has no person.
import type { Response } from 'express';
import { principalOf } from '../../auth/access-middleware.ts';

export function versionSource(res: Response): string {
  const principal = principalOf(res);
  if (!principal) return 'api';
  switch (principal.kind) {
    case 'user':
      return principal.email ?? principal.userId;
    case 'api-key':
      return `${principal.email ?? principal.userId} (API key)`;
    case 'admin-key':
      return 'admin API key';
    default: {
      const unexpected: never = principal.kind;
      return unexpected;
    }
  }
}
