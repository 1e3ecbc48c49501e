// AES-256-GCM for credential values. The key comes from ENCRYPTION_KEY (64 hex characters,
// or a passphrase stretched with scrypt) or, when unset, from a key file generated once
// into DATA_DIR. The credential name is bound as additional data, so a ciphertext copied
// onto another credential's row does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const VERSION = 'v1';
export const KEY_FILE = 'encryption.key';

export function keyFromConfig(encryptionKey: string | null, dataDir: string): Buffer {
  if (encryptionKey !== null) {
    if (/^[0-9a-f]{64}$/i.test(encryptionKey)) return Buffer.from(encryptionKey, 'hex');
    // A fixed salt is fine here: the passphrase is a server secret, not a user password.
    return scryptSync(encryptionKey, 'hookflow-credentials-v1', 32);
  }
  const file = path.join(dataDir, KEY_FILE);
  if (existsSync(file)) {
    const hex = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${file} does not hold a 64-hex-character key`);
    return Buffer.from(hex, 'hex');
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

export function encrypt(key: Buffer, name: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
}

/** Throws when the key is wrong or the ciphertext was tampered with. */
export function decrypt(key: Buffer, name: string, sealed: string): string {
  const [version, iv, tag, data] = sealed.split(':');
  if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('unknown ciphertext format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(name, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
}
