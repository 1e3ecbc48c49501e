// MySQL and MariaDB: server-side prepared statements, one pooled client per credential.
import { defineIntegration } from '../define-integration.ts';
import { mysqlCredential } from './credential.ts';
import { mysqlQueryNode } from './query.ts';

export const mysqlIntegration = defineIntegration({
  name: 'mysql',
  credentials: [mysqlCredential],
  nodes: [mysqlQueryNode],
});
