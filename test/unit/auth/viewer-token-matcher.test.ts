// Viewer redaction finds live trigger tokens in every string of an answer. Its cost must not
// grow with the number of workflows: tokens are read without loading workflow documents, and
// matching is linear in the string, not a loop over every token. Same results as the naive
// search, checked on generated strings.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { HIDDEN, hideTriggerTokens, tokenMatcher, viewerRedaction } from '../../../server/auth/viewer-redaction.ts';
import { newToken } from '../../../server/lib/ids.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/** The definition: every occurrence of any token, longest first, left to right. */
function naive(s: string, tokens: string[]): string {
  let out = s;
  for (const t of [...tokens].sort((a, b) => b.length - a.length)) out = out.split(t).join(HIDDEN);
  return out;
}

describe('tokenMatcher', () => {
  it('hides every live token wherever it sits in a string', () => {
    const tokens = Array.from({ length: 50 }, () => newToken());
    const m = tokenMatcher(tokens);
    const [a, b] = tokens;
    expect(m.replace(`x ${a} y`)).toBe(`x ${HIDDEN} y`);
    expect(m.replace(`prefix${a}suffix`)).toBe(`prefix${HIDDEN}suffix`);
    expect(m.replace(`${a}${b}`)).toBe(`${HIDDEN}${HIDDEN}`);
    expect(m.replace(`%2Fhooks%2F${a}%3Fx`)).toBe(`%2Fhooks%2F${HIDDEN}%3Fx`);
    expect(m.replace(newToken())).not.toContain(HIDDEN);
  });

  it('agrees with the naive search on generated strings', () => {
    const tokens = Array.from({ length: 8 }, () => newToken());
    const m = tokenMatcher(tokens);
    const piece = fc.oneof(
      fc.constantFrom(...tokens),
      fc.string({ maxLength: 12 }),
      fc.constantFrom('-', '_', 'a', '/'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const s = parts.join('');
        const got = m.replace(s);
        for (const t of tokens) expect(got).not.toContain(t);
        expect(got).toBe(naive(s, tokens));
      }),
      { numRuns: 2000 },
    );
  });

  it('scrubs keys and values of nested answers', () => {
    const t = newToken();
    expect(hideTriggerTokens({ [t]: [{ v: `a ${t}` }], triggerUrl: 'x' }, [t])).toEqual({
      [HIDDEN]: [{ v: `a ${HIDDEN}` }],
      triggerUrl: HIDDEN,
    });
  });
});

describe('viewerRedaction', () => {
  const data = tempDir();
  const store = createSqliteStore({ dataDir: data.dir });
  afterAll(async () => {
    await store.close();
    data.cleanup();
  });

  it('reads the live tokens without loading every workflow document', async () => {
    const rows = [];
    for (let i = 0; i < 3; i++) {
      const doc = { id: `w${i}`, name: `w${i}`, trigger: { type: 'webhook' }, steps: [], edges: [] };
      rows.push((await store.saveWorkflow(doc as never, 'test')).row);
    }
    let listed = 0;
    const counting = {
      ...store,
      listWorkflows: () => {
        listed++;
        return store.listWorkflows();
      },
    };
    const mw = viewerRedaction(counting, { hidePayloads: false });
    let sent: unknown;
    const res = {
      locals: { principal: { role: 'viewer', id: 'v', kind: 'session' } },
      statusCode: 200,
      json: (body: unknown) => {
        sent = body;
      },
    };
    await new Promise<void>((resolve, reject) =>
      mw({ path: '/workflows' } as never, res as never, ((err?: unknown) => (err ? reject(err) : resolve())) as never),
    );
    res.json({ echoed: `token ${rows[1].token}!` });
    expect(sent).toEqual({ echoed: `token ${HIDDEN}!` });
    expect(listed).toBe(0);
  });
});
