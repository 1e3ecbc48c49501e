// The OpenAPI 3.1 description of `/api`, served at `/api/openapi.json`. A test compares its
// paths with the routes registered on the express app, so a new route without an entry here
// (or an entry without a route) fails the build.
import { Router } from 'express';

type Op = { summary: string; tag: string; body?: string; ok?: [number, string]; query?: string[]; public?: boolean };

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });

const ERRORS = {
  400: 'invalid request (`validation_failed`, `invalid_json`)',
  401: 'not signed in, or the key is revoked (`unauthenticated`)',
  403: 'role too low (`forbidden`) or CSRF token missing (`csrf_failed`)',
  404: 'not found',
};

function operation(op: Op, params: string[]) {
  const [status, schema] = op.ok ?? [200, 'Object'];
  const responses: Record<string, unknown> = {
    [status]: status === 204 ? { description: 'done' } : { description: 'ok', content: json(ref(schema)) },
  };
  for (const [code, description] of Object.entries(ERRORS)) {
    if (op.public && code !== '400') continue;
    responses[code] = { description, content: json(ref('Error')) };
  }
  return {
    summary: op.summary,
    tags: [op.tag],
    ...(op.public ? { security: [] } : {}),
    parameters: [
      ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...(op.query ?? []).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
    ],
    ...(op.body ? { requestBody: { required: true, content: json(ref(op.body)) } } : {}),
    responses,
  };
}

/** Path (express syntax, relative to /api) → method → operation. */
const ROUTES: Record<string, Record<string, Op>> = {
  '/openapi.json': { get: { summary: 'This document', tag: 'meta', public: true } },
  '/auth/session': { get: { summary: 'Who am I; CSRF token; whether setup is needed', tag: 'auth', public: true } },
  '/auth/setup': {
    post: {
      summary: 'Create the first owner (only while no user exists)',
      tag: 'auth',
      body: 'Credentials',
      ok: [201, 'Login'],
      public: true,
    },
  },
  '/auth/login': {
    post: {
      summary: 'Sign in; sets the session and CSRF cookies',
      tag: 'auth',
      body: 'Credentials',
      ok: [200, 'Login'],
      public: true,
    },
  },
  '/auth/logout': { post: { summary: 'Sign out', tag: 'auth', ok: [204, ''] } },
  '/auth/keys': {
    get: { summary: 'API keys (own; all for owners)', tag: 'auth', ok: [200, 'List'] },
    post: {
      summary: 'Create an API key; the key is in this response only',
      tag: 'auth',
      body: 'NewApiKey',
      ok: [201, 'ApiKey'],
    },
  },
  '/auth/keys/:id': { delete: { summary: 'Revoke an API key', tag: 'auth', ok: [204, ''] } },
  '/auth/users': {
    get: { summary: 'Users (owner)', tag: 'auth', ok: [200, 'List'] },
    post: { summary: 'Add a user with a role (owner)', tag: 'auth', body: 'NewUser', ok: [201, 'User'] },
  },
  '/audit': {
    get: {
      summary: 'Audit log, newest first (owner)',
      tag: 'audit',
      ok: [200, 'List'],
      query: ['limit', 'cursor', 'resource', 'resourceId'],
    },
  },
  '/workflows': {
    get: { summary: 'List workflows', tag: 'workflows', ok: [200, 'List'] },
    post: { summary: 'Create a workflow', tag: 'workflows', body: 'WorkflowDocument', ok: [201, 'Workflow'] },
  },
  '/workflows/validate': {
    post: {
      summary: 'Validate a document without saving it',
      tag: 'workflows',
      body: 'WorkflowDocument',
      ok: [200, 'Validation'],
    },
  },
  '/workflows/:id': {
    get: { summary: 'Get a workflow', tag: 'workflows', ok: [200, 'Workflow'] },
    put: {
      summary: 'Replace a workflow (new version when it changed)',
      tag: 'workflows',
      body: 'WorkflowDocument',
      ok: [200, 'Workflow'],
    },
    delete: { summary: 'Delete a workflow', tag: 'workflows', ok: [204, ''] },
  },
  '/workflows/:id/activate': { post: { summary: 'Activate', tag: 'workflows', ok: [200, 'Workflow'] } },
  '/workflows/:id/deactivate': { post: { summary: 'Deactivate', tag: 'workflows', ok: [200, 'Workflow'] } },
  '/workflows/:id/rotate-token': {
    post: { summary: 'New trigger URL; the old one stops', tag: 'workflows', ok: [200, 'Workflow'] },
  },
  '/workflows/:id/versions': { get: { summary: 'Version history', tag: 'workflows', ok: [200, 'List'] } },
  '/workflows/:id/versions/:version': { get: { summary: 'One version with its document', tag: 'workflows' } },
  '/workflows/:id/versions/:version/restore': {
    post: { summary: 'Make an old version current (as a new version)', tag: 'workflows', ok: [200, 'Workflow'] },
  },
  '/executions': {
    get: {
      summary: 'List executions, newest first',
      tag: 'executions',
      ok: [200, 'List'],
      query: ['workflowId', 'status', 'limit', 'cursor'],
    },
  },
  '/executions/:id': { get: { summary: 'One execution with its step records', tag: 'executions' } },
  '/executions/:id/replay': {
    post: { summary: 'Run the same trigger input again as a new execution', tag: 'executions', ok: [202, 'Object'] },
  },
  '/executions/:id/retry': {
    post: { summary: 'Continue a failed execution from its failed step', tag: 'executions', ok: [202, 'Object'] },
  },
  '/workflows/:id/samples': {
    get: { summary: 'Trigger samples captured at the test URL, newest first', tag: 'workflows', ok: [200, 'List'] },
  },
  '/credentials': {
    get: { summary: 'Credential names and types (never values)', tag: 'credentials', ok: [200, 'List'] },
    post: {
      summary: 'Store a credential (write-only values)',
      tag: 'credentials',
      body: 'Credential',
      ok: [201, 'Object'],
    },
  },
  '/credentials/types': {
    get: { summary: 'Credential types and their fields', tag: 'credentials', ok: [200, 'List'] },
  },
  '/credentials/:name': {
    get: { summary: 'One credential without its values', tag: 'credentials' },
    put: { summary: "Replace a credential's values", tag: 'credentials', body: 'Credential' },
    delete: { summary: 'Delete a credential', tag: 'credentials', ok: [204, ''] },
  },
  '/node-types': {
    get: { summary: 'Node catalogue with parameter JSON Schemas', tag: 'node-types', ok: [200, 'List'] },
  },
};

const SCHEMAS = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
      },
    },
  },
  Object: { type: 'object' },
  List: {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array' }, nextCursor: { type: ['string', 'null'] } },
  },
  WorkflowDocument: { type: 'object', description: 'A workflow document; see workflows/workflow.schema.json' },
  Workflow: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      active: { type: 'boolean' },
      version: { type: 'integer' },
      document: ref('WorkflowDocument'),
      triggerUrl: { type: 'string' },
    },
  },
  Credential: {
    type: 'object',
    description: 'name, type and data (write-only); see the README credentials section',
    properties: { name: { type: 'string' }, type: { type: 'string' }, data: { type: 'object' } },
  },
  Validation: { type: 'object', properties: { valid: { type: 'boolean' }, errors: { type: 'array' } } },
  Credentials: {
    type: 'object',
    required: ['email', 'password'],
    properties: { email: { type: 'string' }, password: { type: 'string', minLength: 12 } },
  },
  Login: { type: 'object', properties: { user: ref('User'), csrfToken: { type: 'string' } } },
  User: {
    type: 'object',
    properties: { id: { type: 'string' }, email: { type: 'string' }, role: { enum: ['owner', 'editor', 'viewer'] } },
  },
  NewUser: {
    type: 'object',
    required: ['email', 'password', 'role'],
    properties: {
      email: { type: 'string' },
      password: { type: 'string' },
      role: { enum: ['owner', 'editor', 'viewer'] },
    },
  },
  NewApiKey: {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string' }, role: { enum: ['owner', 'editor', 'viewer'] } },
  },
  ApiKey: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      prefix: { type: 'string' },
      key: { type: 'string', description: 'Shown once; store it now' },
      lastUsedAt: { type: ['string', 'null'] },
      revokedAt: { type: ['string', 'null'] },
    },
  },
};

/** `/workflows/:id` → `/workflows/{id}` */
export const toOpenApiPath = (expressPath: string) => expressPath.replace(/:(\w+)/g, '{$1}');

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const [path, methods] of Object.entries(ROUTES)) {
    const params = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);
    paths[`/api${toOpenApiPath(path)}`] = Object.fromEntries(
      Object.entries(methods).map(([method, op]) => [method, operation(op, params)]),
    );
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Hookflow management API', version: '1' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key or ADMIN_API_KEY' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'hf_session',
          description: 'Browser session; state-changing requests also need the x-csrf-token header',
        },
      },
      schemas: SCHEMAS,
    },
    paths,
  };
}

export function openApiRouter(): Router {
  const router = Router({ caseSensitive: true });
  const doc = openApiDocument();
  router.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
  return router;
}
