import type { TypedApp } from '../../app.js';
import type { Platform } from '../../platform/platform.js';
import { registerAlertRoutes } from './alerts-routes.js';
import type { CrowdDeps } from './crowd-service.js';
import { registerDefaultZones } from './default-zones.js';
import { CrowdIngest } from './ingest.js';
import { mqttSettings, startMqttFeed } from './mqtt-feed.js';
import { registerReadingRoutes } from './readings-routes.js';
import { registerZoneRoutes } from './zones-routes.js';

/** Readings one transaction takes at most: about a tenth of a second of work on the embedded database. */
const TX_BATCH = 4000;

/**
 * 大型活动客流安全: key zones and gates, reading ingest with occupancy, rates and forecast per zone, and tiered
 * alerts on the stream. The five zones of data/yuzhong/zones.geojson are registered at start.
 */
export async function registerCrowdModule(app: TypedApp, p: Platform): Promise<CrowdDeps> {
  await registerDefaultZones(p.runner, p.yuzhong, p.log);
  const deps: CrowdDeps = { ingest: new CrowdIngest(p.runner, p.log, { maxBatch: TX_BATCH }) };
  app.addHook('onClose', async () => deps.ingest.close());
  registerZoneRoutes(app, p);
  await registerReadingRoutes(app, p, deps);
  registerAlertRoutes(app, p);
  // Sensors may also publish to MQTT (MQTT_URL): the feed ingests as the district centre.
  const mqtt = mqttSettings();
  if (mqtt) {
    const district = p.yuzhong.units.find((u) => u.kind === 'district')!;
    const actor = {
      kind: 'system' as const, userId: null, username: 'mqtt', displayName: 'MQTT 客流接入', locale: 'zh-CN' as const,
      grants: [{ role: 'district_operator' as const, unitCode: district.code, unitPath: `/${district.code}/` }],
    };
    const feed = await startMqttFeed(mqtt, deps.ingest, actor, p.log);
    app.addHook('onClose', async () => feed.close());
  }
  return deps;
}
