// RabbitMQ: publisher-confirmed publishing to an exchange.
import { defineIntegration } from '../define-integration.ts';
import { rabbitmqCredential } from './credential.ts';
import { rabbitmqPublishNode } from './publish.ts';

export const rabbitmqIntegration = defineIntegration({
  name: 'rabbitmq',
  credentials: [rabbitmqCredential],
  nodes: [rabbitmqPublishNode],
});
