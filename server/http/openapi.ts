// The OpenAPI 3.1 description of `/api`, served at `/api/openapi.json`. A test compares its
// paths with the routes registered on the express app, so a new route without an entry here
// (or an entry without a route) fails the build.
import { Router } from 'express';
import { type Op, ROUTES } from './openapi-routes.ts';

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
  const isPublic = op.role === 'public';
  for (const [code, description] of Object.entries(ERRORS)) {
    if (isPublic && code !== '400') continue;
    responses[code] = { description, content: json(ref('Error')) };
  }
  return {
    summary: op.summary,
    tags: [op.tag],
    'x-role': op.role,
    ...(isPublic ? { security: [] } : {}),
    parameters: [
      ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...(op.query ?? []).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
    ],
    ...(op.body ? { requestBody: { required: true, content: json(ref(op.body)) } } : {}),
    responses,
  };
}

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
  Rerun: {
    type: 'object',
    description: 'Optional; an empty body means current',
    properties: { version: { enum: ['current', 'original'] } },
  },
  TestRun: {
    type: 'object',
    description:
      'document (default: the saved one) and exactly one of input, sampleId, fromExecution; stepId with fromExecution',
    properties: {
      document: ref('WorkflowDocument'),
      input: {
        type: 'object',
        properties: { method: { type: 'string' }, headers: { type: 'object' }, query: { type: 'object' }, body: {} },
      },
      sampleId: { type: 'string' },
      fromExecution: { type: 'string' },
      stepId: { type: 'string' },
    },
  },
  CredentialPatch: {
    type: 'object',
    required: ['data'],
    properties: { data: { type: 'object', description: 'the fields to change; null removes an optional one' } },
  },
  TemplateInstall: {
    type: 'object',
    properties: { name: { type: 'string', description: 'Optional; the template name by default' } },
  },
  CredentialRotation: { type: 'object', required: ['secret'], properties: { secret: { type: 'string' } } },
  CredentialCheck: { type: 'object', properties: { ok: { type: 'boolean' }, message: { type: 'string' } } },
  Validation: { type: 'object', properties: { valid: { type: 'boolean' }, errors: { type: 'array' } } },
  Credentials: {
    type: 'object',
    required: ['email', 'password'],
    properties: { email: { type: 'string' }, password: { type: 'string', minLength: 12 } },
  },
  Login: { type: 'object', properties: { user: ref('User'), csrfToken: { type: 'string' } } },
  User: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      email: { type: 'string' },
      role: { enum: ['owner', 'editor', 'viewer'] },
      disabledAt: { type: ['string', 'null'] },
    },
  },
  NewUser: {
    type: 'object',
    required: ['email', 'role'],
    properties: {
      email: { type: 'string' },
      password: { type: 'string', minLength: 12, description: 'Omit to invite: the answer carries a one-time token' },
      role: { enum: ['owner', 'editor', 'viewer'] },
    },
  },
  UserChange: {
    type: 'object',
    properties: { role: { enum: ['owner', 'editor', 'viewer'] }, disabled: { type: 'boolean' } },
  },
  NewPassword: { type: 'object', required: ['password'], properties: { password: { type: 'string', minLength: 12 } } },
  PasswordReset: {
    type: 'object',
    required: ['token', 'password'],
    properties: { token: { type: 'string' }, password: { type: 'string', minLength: 12 } },
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
