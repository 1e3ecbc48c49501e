// NATS: JetStream publishing with the ack awaited, or plain NATS.
import { defineIntegration } from '../define-integration.ts';
import { natsCredential } from './credential.ts';
import { natsPublishNode } from './publish.ts';

export const natsIntegration = defineIntegration({
  name: 'nats',
  credentials: [natsCredential],
  nodes: [natsPublishNode],
});
