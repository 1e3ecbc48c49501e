// The `mysql` credential (MySQL and MariaDB): where the server is and who logs in. The host
// goes through the SSRF guard like every outbound call.
import { type Static, Type } from 'typebox';
import { secret } from '../credential-fields.ts';
import { defineCredential } from '../define-credential.ts';
import { stringEnum } from '../params.ts';

export const MysqlCredentialSchema = Type.Object(
  {
    host: Type.String({ minLength: 1, title: 'Host', description: 'Server host name or address.' }),
    port: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 65535, default: 3306, title: 'Port', description: 'Server port.' }),
    ),
    database: Type.Optional(Type.String({ minLength: 1, title: 'Database', description: 'Default database.' })),
    user: Type.String({ minLength: 1, title: 'User', description: 'Account to log in as.' }),
    password: Type.Optional(secret('Password', 'The account password.')),
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

export type MysqlCredential = Static<typeof MysqlCredentialSchema>;

export const mysqlCredential = defineCredential({
  type: 'mysql',
  title: 'MySQL / MariaDB',
  description: 'A MySQL or MariaDB server and account for the MySQL query step.',
  schema: MysqlCredentialSchema,
});
