// The operations of `/api`, one table: path (express syntax, relative to /api) → method →
// summary, body, success status and the least role allowed (`x-role`). openapi.ts turns it
// into the OpenAPI document.
import type { Role } from '../store/store.ts';

/** `role`: the least role the access policy (server/auth/roles.ts) lets through, published as
 * `x-role`; the route × role security matrix test holds the running app to it. */
export type Op = {
  summary: string;
  tag: string;
  role: Role | 'public';
  body?: string;
  ok?: [number, string];
  query?: string[];
};

/** Path (express syntax, relative to /api) → method → operation. */
export const ROUTES: Record<string, Record<string, Op>> = {
  '/openapi.json': { get: { summary: 'This document', tag: 'meta', role: 'public' } },
  '/auth/session': {
    get: { summary: 'Who am I; CSRF token; whether setup is needed', tag: 'auth', role: 'public' },
  },
  '/auth/setup': {
    post: {
      summary: 'Create the first owner (only while no user exists; needs ADMIN_API_KEY when it is set)',
      tag: 'auth',
      role: 'public',
      body: 'Credentials',
      ok: [201, 'Login'],
    },
  },
  '/auth/login': {
    post: {
      summary: 'Sign in; sets the session and CSRF cookies',
      tag: 'auth',
      role: 'public',
      body: 'Credentials',
      ok: [200, 'Login'],
    },
  },
  '/auth/reset-password': {
    post: {
      summary: 'Choose a password with a one-time invitation or reset token; signs out every session',
      tag: 'auth',
      role: 'public',
      body: 'PasswordReset',
      ok: [204, ''],
    },
  },
  '/auth/logout': { post: { summary: 'Sign out', tag: 'auth', role: 'viewer', ok: [204, ''] } },
  '/auth/keys': {
    get: { summary: 'API keys (own; all for owners)', tag: 'auth', role: 'viewer', ok: [200, 'List'] },
    post: {
      summary: 'Create an API key; the key is in this response only',
      tag: 'auth',
      role: 'viewer',
      body: 'NewApiKey',
      ok: [201, 'ApiKey'],
    },
  },
  '/auth/keys/:id': {
    delete: { summary: 'Revoke an API key (own; any for owners)', tag: 'auth', role: 'viewer', ok: [204, ''] },
  },
  '/auth/sessions': {
    get: { summary: 'Signed-in sessions (own; all for owners)', tag: 'auth', role: 'viewer', ok: [200, 'List'] },
  },
  '/auth/sessions/:id': {
    delete: { summary: 'Sign a session out (own; any for owners)', tag: 'auth', role: 'viewer', ok: [204, ''] },
  },
  '/auth/users': {
    get: { summary: 'Users', tag: 'users', role: 'owner', ok: [200, 'List'] },
    post: {
      summary: 'Add a user with a password, or invite one (no password: a one-time token is returned)',
      tag: 'users',
      role: 'owner',
      body: 'NewUser',
      ok: [201, 'User'],
    },
  },
  '/auth/users/:id': {
    get: { summary: 'One user', tag: 'users', role: 'owner', ok: [200, 'User'] },
    patch: {
      summary: 'Change role and/or disable or enable; effective on the next request of every session and key',
      tag: 'users',
      role: 'owner',
      body: 'UserChange',
      ok: [200, 'User'],
    },
    delete: {
      summary: 'Delete a user with their sessions and keys (never the last owner)',
      tag: 'users',
      role: 'owner',
      ok: [204, ''],
    },
  },
  '/auth/users/:id/password': {
    put: {
      summary: "Set a user's password; signs out their sessions",
      tag: 'users',
      role: 'owner',
      body: 'NewPassword',
      ok: [204, ''],
    },
  },
  '/auth/users/:id/password-reset': {
    post: { summary: 'A one-time password reset token (valid 24 h)', tag: 'users', role: 'owner', ok: [201, 'Object'] },
  },
  '/auth/users/:id/sessions': {
    get: { summary: "A user's signed-in sessions", tag: 'users', role: 'owner', ok: [200, 'List'] },
    delete: { summary: "Sign out all of a user's sessions", tag: 'users', role: 'owner', ok: [200, 'Object'] },
  },
  '/auth/users/:id/keys': {
    delete: { summary: "Revoke all of a user's API keys", tag: 'users', role: 'owner', ok: [200, 'Object'] },
  },
  '/audit': {
    get: {
      summary: 'Audit log, newest first',
      tag: 'audit',
      role: 'owner',
      ok: [200, 'List'],
      query: ['limit', 'cursor', 'resource', 'resourceId'],
    },
  },
  '/workflows': {
    get: { summary: 'List workflows', tag: 'workflows', role: 'viewer', ok: [200, 'List'] },
    post: {
      summary: 'Create a workflow (?draft=true: a document with problems is kept as its draft)',
      tag: 'workflows',
      role: 'editor',
      body: 'WorkflowDocument',
      ok: [201, 'Workflow'],
      query: ['draft'],
    },
  },
  '/workflows/validate': {
    post: {
      summary: 'Validate a document without saving it',
      tag: 'workflows',
      role: 'viewer',
      body: 'WorkflowDocument',
      ok: [200, 'Validation'],
    },
  },
  '/workflows/:id': {
    get: { summary: 'Get a workflow', tag: 'workflows', role: 'viewer', ok: [200, 'Workflow'] },
    put: {
      summary: 'Replace a workflow (new version when it changed; ?draft=true: with problems, kept as the draft)',
      tag: 'workflows',
      role: 'editor',
      body: 'WorkflowDocument',
      ok: [200, 'Workflow'],
      query: ['draft'],
    },
    delete: { summary: 'Delete a workflow', tag: 'workflows', role: 'editor', ok: [204, ''] },
  },
  '/workflows/:id/activate': {
    post: { summary: 'Activate', tag: 'workflows', role: 'editor', ok: [200, 'Workflow'] },
  },
  '/workflows/:id/deactivate': {
    post: { summary: 'Deactivate', tag: 'workflows', role: 'editor', ok: [200, 'Workflow'] },
  },
  '/workflows/:id/rotate-token': {
    post: { summary: 'New trigger URL; the old one stops', tag: 'workflows', role: 'editor', ok: [200, 'Workflow'] },
  },
  '/workflows/:id/versions': {
    get: { summary: 'Version history', tag: 'workflows', role: 'viewer', ok: [200, 'List'] },
  },
  '/workflows/:id/versions/:version': {
    get: { summary: 'One version with its document', tag: 'workflows', role: 'viewer' },
  },
  '/workflows/:id/versions/:version/restore': {
    post: {
      summary: 'Make an old version current (as a new version)',
      tag: 'workflows',
      role: 'editor',
      ok: [200, 'Workflow'],
    },
  },
  '/executions': {
    get: {
      summary: 'List executions, newest first',
      tag: 'executions',
      role: 'viewer',
      ok: [200, 'List'],
      query: ['workflowId', 'status', 'limit', 'cursor', 'q', 'kind', 'replayOf'],
    },
  },
  '/executions/:id': {
    get: { summary: 'One execution with its step records', tag: 'executions', role: 'viewer' },
  },
  '/executions/:id/replay': {
    post: {
      summary: 'Run the same trigger input again as a new execution (current version, or as it ran)',
      tag: 'executions',
      role: 'editor',
      body: 'Rerun',
      ok: [202, 'Object'],
    },
  },
  '/executions/:id/retry': {
    post: {
      summary: 'Continue a failed execution from its failed step (current version, or as it ran)',
      tag: 'executions',
      role: 'editor',
      body: 'Rerun',
      ok: [202, 'Object'],
    },
  },
  '/workflows/:id/test-run': {
    post: {
      summary: 'Run a document (saved or not, inactive) on a payload, a sample or an earlier run, as a test run',
      tag: 'workflows',
      role: 'editor',
      body: 'TestRun',
      ok: [202, 'Object'],
    },
  },
  '/workflows/:id/samples': {
    get: {
      summary: 'Trigger samples captured at the test URL, newest first',
      tag: 'workflows',
      role: 'viewer',
      ok: [200, 'List'],
    },
  },
  '/credentials': {
    get: {
      summary: 'Credential names and types (never values)',
      tag: 'credentials',
      role: 'viewer',
      ok: [200, 'List'],
    },
    post: {
      summary: 'Store a credential (write-only values)',
      tag: 'credentials',
      role: 'editor',
      body: 'Credential',
      ok: [201, 'Object'],
    },
  },
  '/credentials/types': {
    get: { summary: 'Credential types and their fields', tag: 'credentials', role: 'viewer', ok: [200, 'List'] },
  },
  '/credentials/:name': {
    get: { summary: 'One credential without its values', tag: 'credentials', role: 'viewer' },
    put: { summary: "Replace a credential's values", tag: 'credentials', role: 'editor', body: 'Credential' },
    patch: {
      summary: 'Change some fields (`data`); fields left out keep their value, null removes one',
      tag: 'credentials',
      role: 'editor',
      body: 'CredentialPatch',
    },
    delete: { summary: 'Delete a credential', tag: 'credentials', role: 'editor', ok: [204, ''] },
  },
  '/credentials/:name/rotate': {
    post: {
      summary: 'New current secret (hmac, apiKey); the old one stays accepted among the previous ones',
      tag: 'credentials',
      role: 'editor',
      body: 'CredentialRotation',
    },
  },
  '/credentials/:name/test': {
    post: {
      summary: 'One harmless call with the stored value (SMTP verify, an API "who am I"): {ok, message}',
      tag: 'credentials',
      role: 'editor',
      ok: [200, 'CredentialCheck'],
    },
  },
  '/templates': {
    get: {
      summary: 'The template gallery: workflows with a sample request each',
      tag: 'templates',
      role: 'viewer',
      ok: [200, 'List'],
    },
  },
  '/templates/:id/install': {
    post: {
      summary: 'Create an inactive workflow from a template (a free id) with its sample as a test request',
      tag: 'templates',
      role: 'editor',
      body: 'TemplateInstall',
      ok: [201, 'Workflow'],
    },
  },
  '/node-types': {
    get: {
      summary: 'Node catalogue with parameter JSON Schemas',
      tag: 'node-types',
      role: 'viewer',
      ok: [200, 'List'],
    },
  },
};
