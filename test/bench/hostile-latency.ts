// Ack latency of a normal trigger at a steady 200 req/s while hostile executions run: each
// evaluates a backtracking regular expression that never finishes on its own, so the
// sandbox kills it at the time box and starts a fresh process for the next. What it shows:
// the cost of the isolation to everyone else (target p99 ≤ 50 ms).
import { runSteady } from './processes.ts';
import { type Api, BODY, deploy } from './scenarios.ts';

const HOSTILE_BODY = JSON.stringify({ s: `${'a'.repeat(40)}!` });

export const hostileWorkflow = (id = 'bench-hostile') => ({
  id,
  name: 'Bench hostile expression',
  trigger: { type: 'webhook' },
  steps: [{ id: 'redos', type: 'transform', params: { expression: "$replace(trigger.body.s, /^(?=a)(a|a)+$/, 'x')" } }],
  edges: [{ from: 'trigger', to: 'redos' }],
});

export async function hostileLatency(api: Api, normalUrl: string, duration: number) {
  const hostileUrl = await deploy(api, hostileWorkflow());
  let running = true;
  let hostile = 0;
  // Two hostile deliveries a second keep every sandbox process busy (each runs for its 1 s box).
  const feeder = (async () => {
    while (running) {
      const res = await fetch(hostileUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: HOSTILE_BODY,
      }).catch(() => null);
      if (res?.status === 202) hostile++;
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  const steady = await runSteady({ url: normalUrl, rate: 200, duration, body: BODY });
  running = false;
  await feeder;
  return { ...steady, hostileExecutions: hostile };
}
