// One MQTT 5 client per credential, borrowed from the process's connection pool, and the
// mapping of its failures to what the engine should do. The client never reconnects on its
// own: the engine retries the step with its backoff instead of a publish waiting in an
// offline queue until the step times out.
import { randomBytes } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import type { NodeContext } from '../define-node.ts';
import { authFailed, ConnectionFailedError, untilAborted } from '../outbound/client-errors.ts';
import { NonRetryableError } from '../step-errors.ts';
import type { MqttCredential } from './credential.ts';

export async function mqttClient(ctx: NodeContext, nodeType: string): Promise<MqttClient> {
  if (!ctx.credentialName) throw new NonRetryableError(`${nodeType} needs an mqtt credential`, 'credential_required');
  const cred = await ctx.services.credential(ctx.credentialName);
  if (cred.type !== 'mqtt') {
    throw new NonRetryableError(
      `${nodeType} needs an mqtt credential, "${ctx.credentialName}" is ${cred.type}`,
      'credential_type',
    );
  }
  const data = cred.data as MqttCredential;
  const key = { kind: 'mqtt', credential: ctx.credentialName, data };
  const client = await ctx.services.connections.acquire(key, async (lost) => {
    const address = await ctx.services.resolveHost(data.host);
    // Imported on first use, not at start-up: the driver costs memory no idle server should carry.
    const { default: mqtt } = await import('mqtt');
    let c: MqttClient;
    try {
      const url = `${data.tls ? 'mqtts' : 'mqtt'}://${address.includes(':') ? `[${address}]` : address}:${data.port ?? 1883}`;
      const connecting = mqtt.connectAsync(
        url,
        {
          // TLS checks the certificate against the name in the credential, not the resolved address.
          servername: data.tls ? data.host : undefined,
          protocolVersion: 5,
          username: data.username,
          password: data.password,
          clientId: `hookflow_${randomBytes(6).toString('hex')}`,
          clean: true,
          reconnectPeriod: 0,
          connectTimeout: 10_000,
        },
        // Without this a refused or reset connection never settles (mqtt.js waits to reconnect).
        false,
      );
      c = await untilAborted(ctx.signal, connecting);
    } catch (err) {
      throw mqttError(err);
    }
    // A broken connection is dropped from the pool: the next step opens a fresh one.
    c.on('close', lost);
    c.on('error', lost);
    return { client: c, close: () => c.endAsync().catch(() => undefined) };
  });
  if (!client.connected) {
    await ctx.services.connections.discard(key);
    throw new ConnectionFailedError('MQTT connection failed', new Error('the broker connection closed'));
  }
  return client;
}

// MQTT 5 reason codes (CONNACK and PUBACK): https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901031
const AUTH_CODES = new Set([4, 5, 0x86, 0x87, 0x8c]);
/** Unspecified error, server unavailable/busy, quota exceeded, connection rate exceeded: may pass. */
const RETRYABLE_CODES = new Set([0x80, 0x88, 0x89, 0x97, 0x9f]);

/** A client error as the engine should see it. */
export function mqttError(err: unknown, when: 'connect' | 'publish' = 'connect'): Error {
  if (err instanceof NonRetryableError || err instanceof ConnectionFailedError) return err;
  const code = (err as { code?: unknown })?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code === 'number') {
    // Not authorised to publish there is an ACL matter, not a wrong password.
    if (when === 'connect' && AUTH_CODES.has(code)) return authFailed('MQTT broker', err);
    if (RETRYABLE_CODES.has(code)) {
      return Object.assign(new Error(`MQTT: ${message} (reason ${code})`), { code: `mqtt_${code}` });
    }
    return new NonRetryableError(`MQTT: ${message} (reason ${code})`, `mqtt_${code}`);
  }
  // A refused, reset or timed-out connection (mqtt.js reports these as a close).
  return new ConnectionFailedError('MQTT connection failed', err);
}
