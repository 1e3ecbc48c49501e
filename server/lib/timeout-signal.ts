// An AbortSignal that fires when `parent` does or after `ms`, whichever is first, as
// AbortSignal.any([parent, AbortSignal.timeout(ms)]) would, without their cost per call:
// both register weak references and a finalizer, which showed up in the executor's profile
// once per outbound request. `done()` clears the timer and the listener.
export function timeoutSignal(parent: AbortSignal, ms: number): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, done: () => {} };
  }
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    ms,
  );
  timer.unref();
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onAbort);
    },
  };
}
