import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Actor } from '../../platform/access/actor.js';
import type { CrowdIngest } from './ingest.js';
import { parseNdjson } from './readings.js';

const envSchema = z.object({
  /** e.g. mqtt://127.0.0.1:1883; unset = no MQTT subscription. */
  MQTT_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^mqtts?$/ }).optional()),
  MQTT_TOPIC: z.string().min(1).default('chengyun/crowd/readings'),
  /** Keep it stable per instance in production, so the broker keeps the session (and its queued readings) over a restart. */
  MQTT_CLIENT_ID: z.string().min(1).optional(),
  MQTT_USERNAME: z.string().optional(),
  MQTT_PASSWORD: z.string().optional(),
});

export interface MqttSettings { url: string; topic: string; clientId?: string; username?: string; password?: string }

export function mqttSettings(env: NodeJS.ProcessEnv = process.env): MqttSettings | null {
  const e = envSchema.parse(env);
  return e.MQTT_URL ? { url: e.MQTT_URL, topic: e.MQTT_TOPIC, clientId: e.MQTT_CLIENT_ID, username: e.MQTT_USERNAME, password: e.MQTT_PASSWORD } : null;
}

/** A message is one reading (a JSON object), a batch (a JSON array) or NDJSON lines. */
export function readingsOf(payload: Buffer): unknown[] {
  const text = payload.toString('utf8').trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed;
    } catch { /* not one JSON value: read it line by line below */ }
  }
  return parseNdjson(text);
}

/**
 * Readings from sensors over MQTT (QoS 1), into the same ingest as POST /api/crowd/readings. The broker's
 * delivery is acknowledged only after the readings are committed (mqtt.js sends PUBACK when handleMessage calls
 * back), so a crash before the commit means the broker delivers them again — and the reading ids make that harmless.
 * Instances share one subscription (`$share/chengyun/…`), so each message is ingested by one of them.
 * The feed acts as `actor`: whoever may publish to the topic is trusted like that account (set broker ACLs).
 */
export async function startMqttFeed(s: MqttSettings, ingest: CrowdIngest, actor: Actor, log: Logger): Promise<{ client: MqttClient; close(): Promise<void> }> {
  const client = await mqtt.connectAsync(s.url, {
    clientId: s.clientId ?? `chengyun-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
    clean: !s.clientId, reconnectPeriod: 2000, connectTimeout: 5000, username: s.username, password: s.password,
  });
  client.handleMessage = (packet, done) => {
    const items = readingsOf(Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload));
    ingest.submit(actor, items).then((out) => {
      if (out.refusals.length) log.info({ topic: packet.topic, refused: out.refusals.length, first: out.refusals[0]?.reason }, 'mqtt: readings refused');
      done();
    }, (err: unknown) => {
      // Not acknowledged: the broker delivers the message again after the reconnect.
      log.warn({ err, topic: packet.topic }, 'mqtt: readings not stored; the broker will redeliver');
      done(err instanceof Error ? err : new Error(String(err)));
    });
  };
  client.on('error', (err) => log.warn({ err }, 'mqtt: connection error'));
  await client.subscribeAsync(`$share/chengyun/${s.topic}`, { qos: 1 });
  log.info({ url: s.url.replace(/\/\/[^@]*@/, '//'), topic: s.topic }, 'mqtt: subscribed to crowd readings');
  return { client, close: () => client.endAsync() };
}
