// The first owner: created from ADMIN_EMAIL/ADMIN_PASSWORD at start-up when no user has
// that e-mail yet, or through the one-time `POST /api/auth/setup` while no user exists (and,
// when ADMIN_API_KEY is set, only by a caller presenting it).
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { ulid } from '../lib/ids.ts';
import type { Role, Store, UserRow } from '../store/store.ts';
import { hashPassword } from './passwords.ts';

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

export async function newUser(email: string, password: string, role: Role): Promise<UserRow> {
  return {
    id: ulid(),
    email: normaliseEmail(email),
    passwordHash: await hashPassword(password),
    role,
    createdAt: Date.now(),
    disabledAt: null,
  };
}

export async function ensureOwner(config: Config, store: Store, logger: Logger): Promise<void> {
  if (config.adminEmail === null || config.adminPassword === null) {
    if ((await store.countUsers()) === 0 && config.adminApiKey === null) {
      logger.warn('no user exists yet: open the editor (or POST /api/auth/setup) to create the owner account');
    }
    return;
  }
  if (await store.getUserByEmail(normaliseEmail(config.adminEmail))) return;
  const created = await store.createUser(await newUser(config.adminEmail, config.adminPassword, 'owner'));
  if (created) logger.info({ email: normaliseEmail(config.adminEmail) }, 'owner account created from ADMIN_EMAIL');
}
