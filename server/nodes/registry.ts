// The explicit list of node types. Adding a node type means adding its file and one line here.
import type { NodeDefinition } from './define-node.ts';
import { delayNode } from './delay.ts';
import { emailSendNode } from './email-send.ts';
import { failNode } from './fail.ts';
import { forEachNode } from './for-each.ts';
import { httpRequestNode } from './http-request.ts';
import { hubspotCreateDealNode } from './hubspot-create-deal.ts';
import { hubspotUpsertContactNode } from './hubspot-upsert-contact.ts';
import { ifNode } from './if.ts';
import { mergeNode } from './merge.ts';
import { mysqlQueryNode } from './mysql/query.ts';
import { natsPublishNode } from './nats/publish.ts';
import { pipedriveCreateDealNode } from './pipedrive-create-deal.ts';
import { pipedriveCreatePersonNode } from './pipedrive-create-person.ts';
import { postgresInsertNode } from './postgres/insert.ts';
import { postgresQueryNode } from './postgres/query.ts';
import { rabbitmqPublishNode } from './rabbitmq/publish.ts';
import { redisPublishNode } from './redis/publish.ts';
import { redisSetNode } from './redis/set.ts';
import { redisXaddNode } from './redis/xadd.ts';
import { respondNode } from './respond.ts';
import { salesforceCreateRecordNode } from './salesforce-create-record.ts';
import { salesforceUpsertRecordNode } from './salesforce-upsert-record.ts';
import { slackPostMessageNode } from './slack-post-message.ts';
import { switchNode } from './switch.ts';
import { transformNode } from './transform.ts';
import { webhookSendNode } from './webhook-send.ts';
import { workflowCallNode } from './workflow-call.ts';

// biome-ignore lint/suspicious/noExplicitAny: the registry holds nodes of every param shape
type AnyNode = NodeDefinition<any>;

const ALL: AnyNode[] = [
  transformNode,
  ifNode,
  httpRequestNode,
  switchNode,
  forEachNode,
  mergeNode,
  delayNode,
  respondNode,
  workflowCallNode,
  failNode,
  webhookSendNode,
  emailSendNode,
  hubspotUpsertContactNode,
  hubspotCreateDealNode,
  salesforceCreateRecordNode,
  salesforceUpsertRecordNode,
  pipedriveCreatePersonNode,
  pipedriveCreateDealNode,
  slackPostMessageNode,
  postgresQueryNode,
  postgresInsertNode,
  mysqlQueryNode,
  redisSetNode,
  redisPublishNode,
  redisXaddNode,
  rabbitmqPublishNode,
  natsPublishNode,
];

export function buildRegistry(nodes: AnyNode[]): ReadonlyMap<string, AnyNode> {
  const map = new Map<string, AnyNode>();
  for (const node of nodes) {
    if (map.has(node.type)) throw new Error(`node type "${node.type}" is registered twice`);
    map.set(node.type, node);
  }
  return map;
}

export const nodeRegistry = buildRegistry(ALL);

export function getNode(type: string): AnyNode | undefined {
  return nodeRegistry.get(type);
}
