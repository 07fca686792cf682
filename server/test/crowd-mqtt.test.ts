import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readingsOf } from '../src/modules/crowd/mqtt-feed.js';
import { createTestContext, type TestContext } from './harness.js';
import { waitUntil } from './support/wait.js';

// Readings over MQTT (MQTT_URL): a real Mosquitto broker on this machine (CI starts it), a real publisher, the
// platform's own subscription. Skipped where no broker listens.
const URL = process.env.MQTT_TEST_URL ?? 'mqtt://127.0.0.1:1883';
const reachable = await new Promise<boolean>((resolve) => {
  const u = new globalThis.URL(URL.replace(/^mqtt/, 'http'));
  const s = connect(Number(u.port || 1883), u.hostname);
  s.once('connect', () => { s.destroy(); resolve(true); });
  s.once('error', () => resolve(false));
});

const TOPIC = `chengyun-test/${randomUUID()}/readings`;
let ctx: TestContext;
let publisher: mqtt.MqttClient;

beforeAll(async () => {
  if (!reachable) return;
  vi.stubEnv('MQTT_URL', URL);
  vi.stubEnv('MQTT_TOPIC', TOPIC);
  ctx = await createTestContext();
  publisher = await mqtt.connectAsync(URL, { clientId: `chengyun-test-pub-${process.pid}` });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await publisher?.endAsync();
  await ctx?.close();
});

const at = (minutes: number) => new Date(Date.parse('2024-12-31T21:00:00+08:00') + minutes * 60_000).toISOString();

async function occupancy(code: string): Promise<number> {
  const res = await ctx.app.inject({ url: `/api/crowd/zones/${code}`, headers: await ctx.as('commander') });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().live.occupancy as number;
}

describe.skipIf(!reachable)('crowd readings over MQTT', () => {
  it('ingests a published batch once, even when the sensor publishes it twice, and counts a broken line', async () => {
    const batch = [
      { id: `mq-${randomUUID()}`, zone: 'ZONE-CTM', source: 'gate', gate: 'ZONE-CTM-G1', at: at(0), in: 120, out: 20 },
      { id: `mq-${randomUUID()}`, zone: 'ZONE-CTM', source: 'gate', gate: 'ZONE-CTM-G2', at: at(1), in: 80, out: 0 },
    ];
    await publisher.publishAsync(TOPIC, JSON.stringify(batch), { qos: 1 });
    await waitUntil(async () => (await occupancy('ZONE-CTM')) === 180, { what: 'occupancy 180 from MQTT' });
    await publisher.publishAsync(TOPIC, JSON.stringify(batch), { qos: 1 });
    // One more reading after the repeat: once it shows, the repeat has been handled — and added nothing.
    await publisher.publishAsync(TOPIC, `${JSON.stringify({ id: `mq-${randomUUID()}`, zone: 'ZONE-CTM', source: 'gate', gate: 'ZONE-CTM-G1', at: at(2), in: 5 })}\nnot json`, { qos: 1 });
    await waitUntil(async () => (await occupancy('ZONE-CTM')) === 185, { what: 'occupancy 185' });
    const refused = await ctx.app.inject({ url: '/api/crowd/rejections', headers: await ctx.as('district_op') });
    expect(refused.json().items.some((r: { reason: string }) => r.reason === 'malformed')).toBe(true);
  });
});

describe('MQTT payloads', () => {
  it('reads one reading, a JSON array or NDJSON lines', () => {
    expect(readingsOf(Buffer.from('[{"id":"a"},{"id":"b"}]'))).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(readingsOf(Buffer.from('{"id":"a"}'))).toEqual([{ id: 'a' }]);
    const lines = readingsOf(Buffer.from('{"id":"a"}\n\n{"id":"b"}\nbroken'));
    expect(lines.slice(0, 2)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(lines).toHaveLength(3);
  });
});
