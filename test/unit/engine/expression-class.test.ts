import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileExpression, runsInline } from '../../../server/engine/expressions.ts';

const inline = (source: string) => runsInline(compileExpression(source, { timeoutMs: 1000 }));
const doubling = (steps: number) => `$${".{'a': $, 'b': $}".repeat(steps)}`;

describe('expression classification', () => {
  it('keeps the expressions of real workflows inline (no per-call sandbox cost)', () => {
    const sources = [
      // test/bench/scenarios.ts: the bench's transform
      "{ 'id': trigger.body.id, 'total': $sum(trigger.body.line_items.(price * quantity)) }",
      'steps.shape',
      "steps.normalise.severity in ['critical', 'high']",
      "trigger.headers.'x-shopify-event-id'",
      "trigger.body.items[price > 10]^(>price).{ 'sku': sku, 'qty': qty }",
      'trigger.body.name ~> $uppercase()',
      "trigger.body.a ? trigger.body.a : 'none'",
      '$toMillis(trigger.body.at) + 1000',
      "$formatNumber(trigger.body.total, '#,##0.00')",
      "trigger.body.x ?? 'default'",
      '[1..10]',
    ];
    for (const file of ['shop-order-forward.json', 'alert-severity-router.json']) {
      const doc = JSON.parse(readFileSync(new URL(`../../../workflows/${file}`, import.meta.url), 'utf8'));
      for (const step of doc.steps) {
        for (const v of Object.values(step.params as Record<string, unknown>)) {
          if (typeof v === 'string' && step.type === 'transform') sources.push(v);
          else if (typeof v === 'string' && v.startsWith('=')) sources.push(v.slice(1));
        }
      }
    }
    for (const s of sources) expect({ s, inline: inline(s) }).toEqual({ s, inline: true });
  });

  it('sends everything whose single steps can be slow or huge to the sandbox', () => {
    const hostile = [
      "$replace(trigger.body.s, /^(a|a)+$/, 'x')",
      "$pad('', 1e8)",
      '$join(trigger.body.list)',
      "$split(trigger.body.s, '')",
      '[1..trigger.body.n]',
      '[1..100000]',
      '($f := function($n) { $f($n + 1) }; $f(0))',
      '$map(trigger.body.list, function($v) { $v })',
      '$$.trigger',
      'trigger.body.items.%.x',
      'trigger.body.items@$i.x',
      'trigger.body.items#$i.x',
      '**.x',
      "trigger ~> |$|{'x': 1}|",
      "$eval('1')",
      '$string(trigger.body, true)',
      '$distinct(trigger.body.list)',
      '$string',
      '$sort(trigger.body.list, function($a, $b) { $a > $b })',
      '$formatNumber(trigger.body.n, trigger.body.picture)',
      doubling(5),
      `{ 'x': '${'y'.repeat(5000)}' }`,
      '$encodeUrlComponent($encodeUrlComponent($encodeUrlComponent(trigger.body.s)))',
    ];
    for (const s of hostile) expect({ s, inline: inline(s) }).toEqual({ s, inline: false });
    // The multiplication of path steps is what moves the doubling object out.
    expect(inline(doubling(4))).toBe(true);
  });
});
