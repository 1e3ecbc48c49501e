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
import { airtable } from './integrations/airtable/index.ts';
import { discord } from './integrations/discord/index.ts';
import { github } from './integrations/github/index.ts';
import { googleSheets } from './integrations/google-sheets/index.ts';
import type { Integration } from './integrations/integration.ts';
import { jira } from './integrations/jira/index.ts';
import { linear } from './integrations/linear/index.ts';
import { notion } from './integrations/notion/index.ts';
import { teams } from './integrations/teams/index.ts';
import { telegram } from './integrations/telegram/index.ts';
import { twilio } from './integrations/twilio/index.ts';
import { mergeNode } from './merge.ts';
import { pipedriveCreateDealNode } from './pipedrive-create-deal.ts';
import { pipedriveCreatePersonNode } from './pipedrive-create-person.ts';
import { respondNode } from './respond.ts';
import { salesforceCreateRecordNode } from './salesforce-create-record.ts';
import { salesforceUpsertRecordNode } from './salesforce-upsert-record.ts';
import { slackPostMessageNode } from './slack-post-message.ts';
import { switchNode } from './switch.ts';
import { transformNode } from './transform.ts';
import { webhookSendNode } from './webhook-send.ts';
import { workflowCallNode } from './workflow-call.ts';

// Integrations: one folder each (its actions and credential types), one line here.
const INTEGRATIONS: Integration[] = [
  discord,
  teams,
  telegram,
  twilio,
  github,
  jira,
  notion,
  airtable,
  googleSheets,
  linear,
];

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
  ...INTEGRATIONS.flatMap((i) => i.nodes),
];

/** The credential types integrations declare beside their actions (the vault adds them to its own). */
export const integrationCredentialTypes = INTEGRATIONS.flatMap((i) => i.credentials);

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
