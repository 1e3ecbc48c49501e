// Runs inside a sandbox process (see expression-pool.ts): compiles and evaluates one
// expression at a time with JSONata's own guardrails and linear-time regular expressions,
// and answers with the result as JSON text. Serialising here, not in the server, matters: a
// result whose JSON is huge (an object graph that shares subtrees, a long string) costs this
// process's memory and time, where the deadline and the heap limit stop it.
import jsonata from 'jsonata';
import { RE2JS } from 're2js';

export type SandboxTask = {
  id: number;
  source: string;
  timeoutMs: number;
  maxDepth: number;
  maxSequence: number;
  maxResultChars: number;
  context: unknown;
};

export type SandboxReply =
  | { id: number; ok: true; json: string | undefined }
  | { id: number; ok: false; code: string | undefined; message: string; position?: number };

// Compiled once per source in this worker; a workflow has few distinct expressions.
const compiled = new Map<string, jsonata.Expression>();
const MAX_COMPILED = 500;

function expressionFor(task: SandboxTask): jsonata.Expression {
  const key = `${task.timeoutMs}:${task.maxDepth}:${task.maxSequence}:${task.source}`;
  let expr = compiled.get(key);
  if (!expr) {
    expr = jsonata(task.source, {
      timeout: task.timeoutMs,
      stack: task.maxDepth,
      sequence: task.maxSequence,
      RegexEngine: LinearRegex,
    } as jsonata.JsonataOptions);
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, expr);
  }
  return expr;
}

async function run(task: SandboxTask): Promise<SandboxReply> {
  try {
    const value = await expressionFor(task).evaluate(task.context);
    const json = typeof value === 'function' ? undefined : JSON.stringify(value);
    if (json !== undefined && json.length > task.maxResultChars) {
      return { id: task.id, ok: false, code: 'too_large', message: `result of ${json.length} characters` };
    }
    return { id: task.id, ok: true, json };
  } catch (err) {
    const e = err as { code?: string; message?: string; position?: number };
    // Native limits hit inside a built-in: the V8 stack or the largest possible string.
    if (err instanceof RangeError) {
      const code = /call stack/i.test(err.message) ? 'D1011' : 'too_large';
      return { id: task.id, ok: false, code, message: err.message };
    }
    return { id: task.id, ok: false, code: e.code, message: e.message ?? String(err), position: e.position };
  }
}

type Match = string[] & { index: number };

/**
 * JSONata's regex engine contract (`new Engine(regexp)`, `lastIndex`, `exec`) on RE2: matching
 * in time linear in the input, so a pattern like /^(a|a)+$/ cannot backtrack for seconds. A
 * pattern RE2 cannot express (look-around, back-references) falls back to the built-in
 * engine, still bounded by the pool's hard deadline.
 */
function LinearRegex(this: unknown, re: RegExp) {
  let compiled: RE2JS;
  try {
    const flags = (re.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) | (re.multiline ? RE2JS.MULTILINE : 0);
    compiled = RE2JS.compile(re.source, flags);
  } catch {
    return new RegExp(re.source, re.flags);
  }
  const engine = {
    source: re.source,
    lastIndex: 0,
    exec(input: string): Match | null {
      const m = compiled.matcher(input);
      if (engine.lastIndex > input.length || !m.find(engine.lastIndex)) {
        engine.lastIndex = 0;
        return null;
      }
      const match = [m.group() as string] as Match;
      for (let i = 1; i <= m.groupCount(); i++) match.push(m.group(i) as string);
      match.index = m.start();
      engine.lastIndex = m.end();
      return match;
    },
  };
  return engine;
}

process.on('message', (task: SandboxTask) => {
  run(task).then((reply) => process.send?.(reply));
});
// The server is gone (even killed): nothing will read an answer, so stop at once.
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true });
