// What people read when a workflow is not valid (editor, API problem details, CLI): each
// problem says what to do, in words, at the pointer of the value to change — never ajv's
// schema-author wording ("must match \"then\" schema").
import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../../server/authoring/validate-workflow.ts';

const limits = { timeoutMs: 1000 };
const doc = (trigger: unknown, steps: unknown[] = [], extra: Record<string, unknown> = {}) => ({
  id: 'w',
  name: 'W',
  trigger: { type: 'webhook', ...(trigger as object) },
  steps,
  edges: [],
  ...extra,
});

function problemsOf(input: unknown): Array<{ pointer: string; message: string }> {
  const result = validateWorkflow(input, limits);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

const SCHEMA_WORDS = /must match|"then"|"else"|schema|must have required|must NOT|must be equal to|passingSchemas/;

describe('validation messages', () => {
  it('asks for the signature header of the generic HMAC preset, and nothing about "then"', () => {
    expect(problemsOf(doc({ auth: { type: 'hmac', preset: 'generic', credential: 'c' } }))).toEqual([
      { pointer: '/trigger/auth/header', message: 'Choose which header carries the signature' },
    ]);
  });

  it('asks for the sender first when no preset is chosen', () => {
    expect(problemsOf(doc({ auth: { type: 'hmac', credential: 'c' } }))).toEqual([
      { pointer: '/trigger/auth/preset', message: 'Choose which service signs the requests' },
    ]);
  });

  it('says which fields a secret header needs', () => {
    expect(problemsOf(doc({ auth: { type: 'header' } }))).toEqual([
      { pointer: '/trigger/auth/header', message: 'Name the header that carries the secret' },
      { pointer: '/trigger/auth/credential', message: 'Choose the credential that holds the secret' },
    ]);
  });

  it('tells "one of these fields" once instead of each alternative as required', () => {
    expect(problemsOf(doc({}, [{ id: 'd', type: 'delay', params: {} }]))).toEqual([
      { pointer: '/steps/0/params', message: 'Fill in duration or until' },
    ]);
  });

  it('describes formats, patterns, choices, types and lengths in words', () => {
    const problems = problemsOf(
      doc(
        {},
        [
          { id: 'h', type: 'http.request', params: { url: 'not a url', method: 'GRAB', timeout: '5 minutes' } },
          { id: 'i', type: 'if', params: { condition: 'yes' } },
        ],
        { id: 'Bad Id', name: '' },
      ),
    );
    const byPointer = Object.fromEntries(problems.map((p) => [p.pointer, p.message]));
    expect(byPointer).toMatchObject({
      '/id': expect.stringMatching(/^Use lower-case letters, digits/),
      '/name': 'Fill in name',
      '/steps/0/params/url': 'Enter a full URL such as https://example.com/hook',
      '/steps/0/params/method': expect.stringMatching(/^Choose one of "GET", "POST"/),
      '/steps/0/params/timeout': 'Write a duration such as 500ms, 30s, 10m or 2h',
    });
    expect(byPointer['/steps/1/params/condition']).toMatch(/^Enter true or false/);
  });

  it('never passes on schema-author wording, whatever is wrong', () => {
    const bad = [
      doc({ auth: { type: 'hmac', preset: 'generic', credential: 'c' } }),
      doc({ auth: { type: 'hmac' } }),
      doc({ auth: { type: 'bogus' } }),
      doc({ auth: { type: 'ip' } }),
      doc({ methods: ['FETCH'], response: { mode: 'later' } }),
      doc({ dedupe: { window: 'soon' } }),
      doc({}, [{ id: 'd', type: 'delay', params: { duration: '1s', until: 5 } }]),
      doc({}, [{ id: 'd', type: 'delay', params: { extra: true } }]),
      doc({}, [], { settings: { alerts: { channels: [{ type: 'webhook', url: 'ftp://x' }] } } }),
      { id: 'w' },
    ];
    for (const input of bad) {
      for (const problem of problemsOf(input)) {
        expect(problem.message, `${problem.pointer} in ${JSON.stringify(input)}`).not.toMatch(SCHEMA_WORDS);
        expect(problem.message.length).toBeGreaterThan(5);
      }
    }
  });
});
