// PostgreSQL: parameterised queries and insert/upsert, one pooled client per credential.
import { defineIntegration } from '../define-integration.ts';
import { postgresCredential } from './credential.ts';
import { postgresInsertNode } from './insert.ts';
import { postgresQueryNode } from './query.ts';

export const postgresIntegration = defineIntegration({
  name: 'postgres',
  credentials: [postgresCredential],
  nodes: [postgresQueryNode, postgresInsertNode],
});
