// Flow control and data shaping: no credentials, nothing outside the engine.
import { defineIntegration } from '../define-integration.ts';
import { delayNode } from './delay.ts';
import { failNode } from './fail.ts';
import { forEachNode } from './for-each.ts';
import { ifNode } from './if.ts';
import { mergeNode } from './merge.ts';
import { respondNode } from './respond.ts';
import { switchNode } from './switch.ts';
import { transformNode } from './transform.ts';
import { workflowCallNode } from './workflow-call.ts';

export const coreIntegration = defineIntegration({
  name: 'core',
  nodes: [
    transformNode,
    ifNode,
    switchNode,
    forEachNode,
    mergeNode,
    delayNode,
    respondNode,
    workflowCallNode,
    failNode,
  ],
});
