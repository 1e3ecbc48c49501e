import { describe, expect, it } from 'vitest';
import { CREDENTIAL_TYPES } from '../../../server/credentials/credential-types.ts';
import { nodeRegistry } from '../../../server/nodes/registry.ts';

describe('node catalogue', () => {
  it('registers every node type of this issue', () => {
    expect([...nodeRegistry.keys()]).toEqual(
      expect.arrayContaining([
        'switch',
        'forEach',
        'merge',
        'delay',
        'respond',
        'workflow.call',
        'fail',
        'webhook.send',
        'email.send',
        'hubspot.upsertContact',
        'hubspot.createDeal',
        'salesforce.createRecord',
        'salesforce.upsertRecord',
        'pipedrive.createPerson',
        'pipedrive.createDeal',
        'slack.postMessage',
        'http.request',
      ]),
    );
  });
  it('gives every parameter a title and a description, for the editor’s forms', () => {
    const missing: string[] = [];
    for (const node of nodeRegistry.values()) {
      for (const [name, p] of Object.entries(
        (node.params.properties ?? {}) as Record<string, { title?: string; description?: string }>,
      )) {
        if (!p.title || !p.description) missing.push(`${node.type}.${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
  it('names only known credential types', () => {
    const known = new Set(CREDENTIAL_TYPES.map((t) => t.type));
    for (const node of nodeRegistry.values())
      for (const t of node.credentialTypes ?? []) expect(known.has(t as never)).toBe(true);
  });
});
