// MQTT: publishing to an MQTT 5 broker, one client per credential.
import { defineIntegration } from '../define-integration.ts';
import { mqttCredential } from './credential.ts';
import { mqttPublishNode } from './publish.ts';

export const mqttIntegration = defineIntegration({
  name: 'mqtt',
  credentials: [mqttCredential],
  nodes: [mqttPublishNode],
});
