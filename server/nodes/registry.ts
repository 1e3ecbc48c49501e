// The explicit list of integrations. Adding one means adding its folder and one line in
// INTEGRATIONS; node types and credential types are collected from there, never listed
// centrally. Duplicate names, and nodes accepting unknown credential types, fail at start.

import { airtableIntegration } from './airtable/index.ts';
import { coreIntegration } from './core/index.ts';
import type { AnyCredential } from './define-credential.ts';
import type { AnyNode, Integration } from './define-integration.ts';
import { discordIntegration } from './discord/index.ts';
import { emailIntegration } from './email/index.ts';
import { githubIntegration } from './github/index.ts';
import { googleSheetsIntegration } from './google-sheets/index.ts';
import { httpRequestIntegration } from './http-request/index.ts';
import { hubspotIntegration } from './hubspot/index.ts';
import { jiraIntegration } from './jira/index.ts';
import { linearIntegration } from './linear/index.ts';
import { mqttIntegration } from './mqtt/index.ts';
import { mysqlIntegration } from './mysql/index.ts';
import { natsIntegration } from './nats/index.ts';
import { notionIntegration } from './notion/index.ts';
import { pipedriveIntegration } from './pipedrive/index.ts';
import { postgresIntegration } from './postgres/index.ts';
import { rabbitmqIntegration } from './rabbitmq/index.ts';
import { redisIntegration } from './redis/index.ts';
import { salesforceIntegration } from './salesforce/index.ts';
import { slackIntegration } from './slack/index.ts';
import { teamsIntegration } from './teams/index.ts';
import { telegramIntegration } from './telegram/index.ts';
import { twilioIntegration } from './twilio/index.ts';
import { webhookIntegration } from './webhook/index.ts';

export const INTEGRATIONS: Integration[] = [
  coreIntegration,
  httpRequestIntegration,
  emailIntegration,
  webhookIntegration,
  hubspotIntegration,
  salesforceIntegration,
  pipedriveIntegration,
  slackIntegration,
  discordIntegration,
  teamsIntegration,
  telegramIntegration,
  twilioIntegration,
  githubIntegration,
  jiraIntegration,
  notionIntegration,
  airtableIntegration,
  googleSheetsIntegration,
  linearIntegration,
  postgresIntegration,
  mysqlIntegration,
  redisIntegration,
  rabbitmqIntegration,
  natsIntegration,
  mqttIntegration,
];

export type Catalogue = {
  nodes: ReadonlyMap<string, AnyNode>;
  credentials: ReadonlyMap<string, AnyCredential>;
};

export function buildCatalogue(integrations: Integration[]): Catalogue {
  const names = new Set<string>();
  const nodes = new Map<string, AnyNode>();
  const credentials = new Map<string, AnyCredential>();
  for (const integration of integrations) {
    if (names.has(integration.name)) throw new Error(`integration "${integration.name}" is registered twice`);
    names.add(integration.name);
    for (const c of integration.credentials) {
      if (credentials.has(c.type)) throw new Error(`credential type "${c.type}" is registered twice`);
      credentials.set(c.type, c);
    }
    for (const node of integration.nodes) {
      if (nodes.has(node.type)) throw new Error(`node type "${node.type}" is registered twice`);
      nodes.set(node.type, node);
    }
  }
  for (const node of nodes.values()) {
    for (const t of node.credentialTypes ?? []) {
      if (!credentials.has(t)) throw new Error(`node type "${node.type}" accepts unknown credential type "${t}"`);
    }
  }
  return { nodes, credentials };
}

/** Kept for tests that assemble a registry of their own nodes. */
export function buildRegistry(list: AnyNode[]): ReadonlyMap<string, AnyNode> {
  return buildCatalogue([{ name: 'nodes', credentials: [], nodes: list }]).nodes;
}

const catalogue = buildCatalogue(INTEGRATIONS);
export const nodeRegistry = catalogue.nodes;
export const credentialRegistry = catalogue.credentials;

export function getNode(type: string): AnyNode | undefined {
  return nodeRegistry.get(type);
}
