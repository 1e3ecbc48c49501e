// The expression sandbox: a small pool of child processes for the expressions that are not
// provably cheap (see expression-class.ts). JSONata checks its time box only between steps,
// so one regular expression, `$pad` or `$join` can hold a thread for seconds and gigabytes;
// here it holds a sandbox process, not the event loop. Each runs one task at a time under a
// V8 heap limit; at the hard deadline (time box + slack) it is killed, the call fails with a
// timeout, and the next task gets a fresh one. Processes, not worker threads: a worker that
// outgrows its `resourceLimits` in one large allocation aborts the whole server (V8's fatal
// out-of-memory handler; nodejs/node#47224), a child process only aborts itself. They start
// on first use and end when idle, so a server whose expressions are all bounded never starts
// one; an idle one is unref'd and never keeps a process alive.
import { type ChildProcess, fork } from 'node:child_process';
import { setPriority } from 'node:os';
import type { SandboxReply, SandboxTask } from './expression-worker.ts';

export type SandboxOptions = {
  /** Sandbox processes at most (tasks beyond that wait their turn). */
  workers: number;
  /** V8 old-generation heap of each sandbox process; exceeding it ends the task as too large. */
  memoryMb: number;
  /** Largest result (JSON characters) handed back to the event loop. */
  maxResultChars: number;
  /** Tasks that may wait for a free sandbox; beyond that a call fails at once as busy. */
  maxWaiting: number;
  /**
   * Node's compile cache for the sandbox (a directory the server owns, not a shared /tmp):
   * a start then skips the TypeScript stripper and recompiling jsonata, about half its cost.
   */
  compileCacheDir: string | null;
};

/** How long past its time box a task may run before its sandbox process is killed. */
export const HARD_DEADLINE_SLACK_MS = 100;
const IDLE_MS = 30_000;
/** Added to a time box for a caller's longest wait (`maxWaitMs`): room for one sandbox to (re)start. */
export const WAIT_START_ALLOWANCE_MS = 500;

let options: SandboxOptions = {
  workers: 2,
  memoryMb: 64,
  maxResultChars: 4 * 1024 * 1024,
  maxWaiting: 64,
  compileCacheDir: null,
};

/** The failure of a sandboxed task, with a JSONata-style code (`D1012`, `D1011`, ...). */
export type SandboxFailure = { code?: string; message: string; position?: number };

type Pending = {
  task: Omit<SandboxTask, 'id' | 'maxResultChars'>;
  resolve: (json: string | undefined) => void;
  reject: (failure: SandboxFailure) => void;
  /** Fails the task as busy when no sandbox took it within the caller's wait limit. */
  waitTimer?: NodeJS.Timeout;
};

/** The pool is saturated (queue full, or no sandbox free within the time box): try later. */
export const SANDBOX_BUSY = 'busy';

type Slot = {
  worker: ChildProcess;
  ready: boolean;
  current: (Pending & { id: number; timer: NodeJS.Timeout }) | null;
  idle: NodeJS.Timeout | null;
};

const slots = new Set<Slot>();
const waiting: Pending[] = [];
let nextId = 1;

export function configureExpressionSandbox(next: Partial<SandboxOptions>): void {
  options = { ...options, ...next };
}

/**
 * Evaluates in a sandbox; resolves with the result's JSON text (undefined: no result).
 * A flood of hostile expressions (each holding a sandbox until its deadline) must not pile
 * contexts up in memory: the queue is bounded, and a full queue refuses at once as busy
 * (retryable: the expression itself did nothing wrong). `maxWaitMs` is for callers with a
 * sender on the line (dedupe keys, static replies at ingress): past it they give up as busy
 * rather than hold the request. A step has no such limit: it waits its turn, which the
 * bounded queue and every task's hard deadline bound in turn.
 */
export function runInSandbox(task: Pending['task'], maxWaitMs?: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    if (waiting.length >= options.maxWaiting) {
      reject({ code: SANDBOX_BUSY, message: `${waiting.length} sandboxed expressions are already waiting` });
      return;
    }
    const pending: Pending = { task, resolve, reject };
    waiting.push(pending);
    dispatch();
    if (maxWaitMs === undefined || !waiting.includes(pending)) return;
    pending.waitTimer = setTimeout(() => {
      const at = waiting.indexOf(pending);
      if (at < 0) return;
      waiting.splice(at, 1);
      reject({ code: SANDBOX_BUSY, message: `no expression sandbox was free within ${maxWaitMs} ms` });
    }, maxWaitMs);
  });
}

/** Sandbox processes alive (starting, busy or idle) and tasks waiting for one. */
export function sandboxState(): { processes: number; waiting: number } {
  return { processes: slots.size, waiting: waiting.length };
}

function takeWaiting(): Pending {
  const pending = waiting.shift() as Pending;
  clearTimeout(pending.waitTimer);
  return pending;
}

/** Ends every worker and fails what is still waiting. The pool restarts on next use. */
export async function closeExpressionSandbox(): Promise<void> {
  for (const p of waiting.splice(0)) {
    clearTimeout(p.waitTimer);
    p.reject({ code: 'sandbox_closed', message: 'the expression sandbox closed' });
  }
  await Promise.all(
    [...slots].map((s) => retire(s, { code: 'sandbox_closed', message: 'the expression sandbox closed' })),
  );
}

function dispatch(): void {
  for (const slot of slots) {
    if (waiting.length === 0) return;
    if (slot.ready && !slot.current) start(slot, takeWaiting());
  }
  const starting = [...slots].filter((s) => !s.ready).length;
  if (waiting.length > starting && slots.size < options.workers) spawn();
}

function spawn(): void {
  const worker = fork(new URL('./expression-worker.ts', import.meta.url), [], {
    // Only what the sandbox needs: no server flags (--max-old-space-size, loaders) and no
    // environment (secrets such as ENCRYPTION_KEY stay in the server).
    execArgv: [`--max-old-space-size=${options.memoryMb}`, '--stack-size=2000'],
    env: options.compileCacheDir ? { NODE_COMPILE_CACHE: options.compileCacheDir } : {},
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  // A runaway expression burns a core until its deadline; at a lower priority the server's
  // event loop (ingress, API) gets the CPU first on a small machine.
  try {
    if (worker.pid !== undefined) setPriority(worker.pid, 10);
  } catch {
    // Not permitted here (some containers): the deadline still bounds it.
  }
  const slot: Slot = { worker, ready: false, current: null, idle: null };
  slots.add(slot);
  worker.on('message', (msg: SandboxReply | { ready: true }) => {
    if ('ready' in msg) {
      slot.ready = true;
      idleOrNext(slot);
      return;
    }
    const current = slot.current;
    if (!current || current.id !== msg.id) return;
    finish(slot);
    if (msg.ok) current.resolve(msg.json);
    else current.reject({ code: msg.code, message: msg.message, position: msg.position });
    idleOrNext(slot);
  });
  worker.on('error', (err: Error) => {
    void retire(slot, { message: `the expression sandbox failed: ${err.message}` });
  });
  worker.on('exit', (code, signal) => {
    // Killed by V8's heap limit (abort) or by the kernel's memory killer.
    const oom = signal === 'SIGABRT' || signal === 'SIGKILL' || code === 134;
    void retire(slot, {
      code: oom ? 'too_large' : undefined,
      message: oom ? 'the expression ran out of memory' : `the expression sandbox exited (${signal ?? code})`,
    });
  });
}

// A child process's handle and IPC channel each keep the event loop alive; an idle sandbox
// must not keep a finished test or CLI process running.
function unref(worker: ChildProcess): void {
  worker.unref();
  (worker.channel as { unref?: () => void } | undefined)?.unref?.();
}

function ref(worker: ChildProcess): void {
  worker.ref();
  (worker.channel as { ref?: () => void } | undefined)?.ref?.();
}

function start(slot: Slot, pending: Pending): void {
  if (slot.idle) clearTimeout(slot.idle);
  slot.idle = null;
  const id = nextId++;
  const timer = setTimeout(() => {
    void retire(slot, {
      code: 'D1012',
      message: `the expression ran past its time limit of ${pending.task.timeoutMs} ms and was stopped`,
    });
  }, pending.task.timeoutMs + HARD_DEADLINE_SLACK_MS);
  slot.current = { ...pending, id, timer };
  ref(slot.worker);
  try {
    slot.worker.send({ ...pending.task, id, maxResultChars: options.maxResultChars });
  } catch (err) {
    // The context holds something structured clone refuses (a function inside a step output).
    finish(slot);
    pending.reject({ message: `the expression's data cannot be sent to the sandbox: ${(err as Error).message}` });
    idleOrNext(slot);
  }
}

function finish(slot: Slot): void {
  if (slot.current) clearTimeout(slot.current.timer);
  slot.current = null;
}

function idleOrNext(slot: Slot): void {
  if (waiting.length > 0) {
    start(slot, takeWaiting());
    return;
  }
  // Only an idle sandbox is unref'd: a starting or busy one has a caller waiting for it.
  unref(slot.worker);
  slot.idle = setTimeout(() => void retire(slot, null), IDLE_MS);
  slot.idle.unref();
}

/** Removes a worker from the pool (terminating it), failing its task if one is running. */
async function retire(slot: Slot, failure: SandboxFailure | null): Promise<void> {
  if (!slots.delete(slot)) return;
  if (slot.idle) clearTimeout(slot.idle);
  const current = slot.current;
  finish(slot);
  if (current && failure) current.reject(failure);
  else if (current) current.reject({ message: 'the expression sandbox worker stopped' });
  if (slot.ready) {
    dispatch();
    // Killed at its deadline or out of memory: a flood is likely under way, so have the
    // replacement start now, not on the next call (a start costs ~100-300 ms). Idle, it
    // ends like any other.
    if (failure && failure.code !== 'sandbox_closed' && slots.size < options.workers) spawn();
  } else {
    // A worker that died while starting would die again: fail the queue instead of looping.
    const why = failure?.message ?? 'the expression sandbox worker did not start';
    for (const p of waiting.splice(0)) {
      clearTimeout(p.waitTimer);
      p.reject({ message: why });
    }
  }
  await stop(slot.worker);
}

function stop(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    worker.once('exit', () => resolve());
    worker.kill('SIGKILL');
  });
}
