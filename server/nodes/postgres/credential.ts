// The `postgres` credential: where the server is and who logs in. The host goes through the
// SSRF guard like every outbound call (SSRF_ALLOW lists private database hosts).
import { type Static, Type } from 'typebox';
import { secret } from '../credential-fields.ts';
import { defineCredential } from '../define-credential.ts';
import { stringEnum } from '../params.ts';

export const PostgresCredentialSchema = Type.Object(
  {
    host: Type.String({ minLength: 1, title: 'Host', description: 'Server host name or address.' }),
    port: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 65535, default: 5432, title: 'Port', description: 'Server port.' }),
    ),
    database: Type.String({ minLength: 1, title: 'Database', description: 'Database name.' }),
    user: Type.String({ minLength: 1, title: 'User', description: 'Role to log in as.' }),
    password: Type.Optional(secret('Password', 'The role password.')),
    ssl: Type.Optional(
      stringEnum(['disable', 'require', 'verify-full'], {
        default: 'verify-full',
        title: 'TLS',
        description:
          'verify-full: TLS with the certificate checked against the host name; require: TLS without verification; disable: plain text (local servers only).',
      }),
    ),
  },
  { additionalProperties: false },
);

export type PostgresCredential = Static<typeof PostgresCredentialSchema>;

export const postgresCredential = defineCredential({
  type: 'postgres',
  title: 'PostgreSQL',
  description: 'A PostgreSQL server, database and role for the PostgreSQL steps.',
  schema: PostgresCredentialSchema,
});
