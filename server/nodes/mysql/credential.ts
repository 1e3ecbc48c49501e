// The `mysql` credential (MySQL and MariaDB): where the server is and who logs in. The host
// goes through the SSRF guard like every outbound call.
import Type, { type Static } from 'typebox';

export const MysqlCredentialSchema = Type.Object(
  {
    host: Type.String({ minLength: 1, title: 'Host', description: 'Server host name or address.' }),
    port: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 65535, default: 3306, title: 'Port', description: 'Server port.' }),
    ),
    database: Type.Optional(Type.String({ minLength: 1, title: 'Database', description: 'Default database.' })),
    user: Type.String({ minLength: 1, title: 'User', description: 'Account to log in as.' }),
    password: Type.Optional(
      Type.String({ minLength: 1, writeOnly: true, title: 'Password', description: 'The account password.' }),
    ),
    ssl: Type.Optional(
      Type.Enum(['disable', 'require', 'verify-full'], {
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

export const mysqlCredential = {
  type: 'mysql',
  title: 'MySQL / MariaDB',
  description: 'A MySQL or MariaDB server and account for the MySQL query step.',
  schema: MysqlCredentialSchema as unknown as Record<string, unknown>,
} as const;
