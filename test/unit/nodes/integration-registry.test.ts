// The recipe "one folder + one registry line": every integration folder is registered,
// and the registry refuses what would make the catalogue ambiguous.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { isRotatable } from '../../../server/credentials/credential-edits.ts';
import { CREDENTIAL_TYPES } from '../../../server/credentials/credential-types.ts';
import { TESTABLE_CREDENTIAL_TYPES } from '../../../server/nodes/credential-check.ts';
import { defineCredential } from '../../../server/nodes/define-credential.ts';
import { defineIntegration } from '../../../server/nodes/define-integration.ts';
import { defineNode } from '../../../server/nodes/define-node.ts';
import { buildCatalogue, INTEGRATIONS } from '../../../server/nodes/registry.ts';

const NODES_DIR = join(import.meta.dirname, '../../../server/nodes');

const node = (type: string, credentialTypes?: string[]) =>
  defineNode({
    type,
    title: type,
    category: 'Core',
    description: type,
    params: Type.Object({ n: Type.Optional(Type.Integer({ title: 'N', description: 'n' })) }),
    outputs: ['main'],
    credentialTypes,
    async execute(params) {
      // The static type comes from the schema: `n` is a number here.
      return { output: (params.n ?? 0) + 1 };
    },
  });
const credential = (type: string) =>
  defineCredential({
    type,
    title: type,
    description: type,
    schema: Type.Object({ token: Type.String({ writeOnly: true, title: 'T', description: 't' }) }),
  });

describe('integration registry', () => {
  it('registers every integration folder (a folder with index.ts) exactly once, under its folder name', () => {
    const folders = readdirSync(NODES_DIR).filter(
      (f) => statSync(join(NODES_DIR, f)).isDirectory() && readdirSync(join(NODES_DIR, f)).includes('index.ts'),
    );
    expect(INTEGRATIONS.map((i) => i.name).sort()).toEqual(folders.sort());
  });

  it('collects credential types from the integrations, as GET /api/credentials/types serves them', () => {
    const declared = INTEGRATIONS.flatMap((i) => i.credentials.map((c) => c.type));
    expect(CREDENTIAL_TYPES.map((c) => c.type)).toEqual(declared);
    expect(declared).toEqual(expect.arrayContaining(['apiKey', 'bearer', 'basic', 'hmac', 'smtp', 'hubspot']));
    // Only data goes out: the declarations' functions stay on the server.
    for (const c of CREDENTIAL_TYPES) expect(Object.keys(c).sort()).toEqual(['description', 'schema', 'title', 'type']);
  });

  it('takes checks and rotation from the declarations (no central list of testable or rotatable types)', () => {
    expect([...TESTABLE_CREDENTIAL_TYPES].sort()).toEqual(['hubspot', 'pipedrive', 'slack', 'smtp']);
    expect(CREDENTIAL_TYPES.filter((c) => isRotatable(c.type)).map((c) => c.type)).toEqual(['apiKey', 'hmac']);
  });

  it('refuses duplicate integrations, node types and credential types, and unknown credential types', () => {
    const a = defineIntegration({ name: 'a', credentials: [credential('tokenA')], nodes: [node('a.x', ['tokenA'])] });
    expect(buildCatalogue([a]).nodes.get('a.x')?.type).toBe('a.x');
    expect(() => buildCatalogue([a, a])).toThrow(/integration "a" is registered twice/);
    const b = defineIntegration({ name: 'b', nodes: [node('a.x')] });
    expect(() => buildCatalogue([a, b])).toThrow(/node type "a.x" is registered twice/);
    const c = defineIntegration({ name: 'c', credentials: [credential('tokenA')], nodes: [] });
    expect(() => buildCatalogue([a, c])).toThrow(/credential type "tokenA" is registered twice/);
    const d = defineIntegration({ name: 'd', nodes: [node('d.x', ['nowhere'])] });
    expect(() => buildCatalogue([d])).toThrow(/accepts unknown credential type "nowhere"/);
  });

  it('serves a TypeBox declaration as plain JSON Schema', () => {
    const n = node('p.x');
    expect(JSON.parse(JSON.stringify(n.params))).toEqual({
      type: 'object',
      properties: { n: { type: 'integer', title: 'N', description: 'n' } },
    });
  });
});
