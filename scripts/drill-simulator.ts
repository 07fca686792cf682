// 演练模拟器: feeds a New Year's Eve (19:00 → 01:30) of readings for the key zones to a running server, at any
// speed-up. The readings come from scripts/drill/generator.ts, which the tests and the ingest benchmark use in-process.
import { parseArgs } from 'node:util';
import { drillTicks, type DrillReading } from './drill/generator.js';
import { EVENING, profileOf, zoneCodeOf } from './drill/profiles.js';
import { drillZonesOf, lastEvening, type ApiZone } from './drill/zones.js';

const USAGE = `npm run drill -- [options]
  --url http://localhost:3000     the server (default)
  --token cy_…                    an API token allowed crowd:ingest (else --user/--password sign in; default admin)
  --speed 60                      simulated seconds per real second; "max": as fast as the server takes them
  --scenario normal|surge         surge: one zone far past its usual peak from 23:35 to 00:30
  --zone jiefangbei               the surge zone (slug or code; default jiefangbei)
  --zones jiefangbei,hongyadong   only these zones (default: every zone the server has)
  --date 2024-12-31               the evening (default: the latest that has ended, Beijing time)
  --from 19:00 --until 01:30      a part of the evening
  --interval 15                   seconds between two readings of a gate
  --seed 1 --run <id>             the same seed and run id give the same readings (sent again: all duplicates)
  --clean                         no late, repeated or broken readings
  --reset                         start the zones afresh first (their readings, buckets and live state)
  --batch 5000                    readings per POST at most`;

const TIER_NAMES: Record<string, string> = { blue: '蓝', yellow: '黄', orange: '橙', red: '红' };
const TIERS = [null, 'blue', 'yellow', 'orange', 'red'];

/** "23:30" → minutes after 19:00 of the evening (00:00–01:30 belong to the next day). */
function minuteOfEvening(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`not a time: ${hhmm}`);
  return (Number(m[1]) * 60 + Number(m[2]) - 19 * 60 + 1440) % 1440;
}

async function main(): Promise<number> {
  const { values: a } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://localhost:3000' }, token: { type: 'string' }, user: { type: 'string', default: 'admin' },
      password: { type: 'string', default: process.env.ADMIN_PASSWORD ?? 'admin123' }, speed: { type: 'string', default: '60' },
      scenario: { type: 'string', default: 'normal' }, zone: { type: 'string', default: 'jiefangbei' }, zones: { type: 'string' },
      date: { type: 'string' }, from: { type: 'string', default: '19:00' }, until: { type: 'string', default: '01:30' },
      interval: { type: 'string', default: '15' }, seed: { type: 'string', default: '1' }, run: { type: 'string' },
      clean: { type: 'boolean', default: false }, reset: { type: 'boolean', default: false }, batch: { type: 'string', default: '5000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (a.help) {
    console.log(USAGE);
    return 0;
  }
  if (a.scenario !== 'normal' && a.scenario !== 'surge') throw new Error(`--scenario must be normal or surge\n${USAGE}`);
  const surgeZone = zoneCodeOf(a.zone!);
  if (!surgeZone) throw new Error(`unknown zone: ${a.zone}`);
  const speed = a.speed === 'max' ? Infinity : Number(a.speed);
  if (!(speed > 0)) throw new Error('--speed must be a positive number or "max"');
  const base = a.url!.replace(/\/$/, '');

  let token = a.token;
  if (!token) {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: a.user, password: a.password }) });
    if (res.status !== 200) throw new Error(`sign-in as ${a.user} failed: ${res.status} ${await res.text()}`);
    token = ((await res.json()) as { token: string }).token;
  }
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as any;
  };

  const only = a.zones?.split(',').map((z) => zoneCodeOf(z.trim()) ?? z.trim());
  const zones = drillZonesOf(((await api('GET', '/api/crowd/zones?geometry=true')).items as ApiZone[]), only);
  if (zones.length === 0) throw new Error('no zones with gates to drill');
  if (a.reset) for (const z of zones) await api('POST', `/api/crowd/zones/${z.code}/reset`);

  const start = a.date ? Date.parse(`${a.date}T19:00:00+08:00`) : lastEvening(Date.now());
  const fromMinute = minuteOfEvening(a.from!);
  const untilMinute = minuteOfEvening(a.until!) || EVENING.end;
  const runId = a.run ?? `drill${Date.now().toString(36)}`;
  const batchMax = Math.max(1, Number(a.batch));
  console.log(`drill ${runId}: ${zones.map((z) => profileOf(z.code).slug).join(', ')} · ${new Date(start).toISOString()} +${fromMinute}…${untilMinute} min · ` +
    `${a.scenario}${a.scenario === 'surge' ? ` at ${surgeZone}` : ''} · speed ${a.speed} → ${base}`);

  const totals = { sent: 0, accepted: 0, duplicates: 0, rejected: 0 };
  const reasons = new Map<string, number>();
  let buffer: unknown[] = [];
  const flush = async () => {
    while (buffer.length) {
      const chunk = buffer.slice(0, batchMax);
      buffer = buffer.slice(chunk.length);
      const out = await api('POST', '/api/crowd/readings', chunk);
      totals.sent += chunk.length;
      totals.accepted += out.accepted;
      totals.duplicates += out.duplicates;
      totals.rejected += out.rejected;
      for (const r of out.refusals as Array<{ reason: string }>) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
    }
  };
  const status = async (sim: number) => {
    const items = (await api('GET', '/api/crowd/zones')).items as Array<{ code: string; name: string; live: any }>;
    const clock = new Date(sim + 8 * 3_600_000).toISOString().slice(11, 16);
    const parts = items.filter((z) => zones.some((d) => d.code === z.code)).map((z) => {
      const l = z.live;
      const f = l.forecast.in15 ? ` →${l.forecast.in15.density}` : '';
      const warn = l.forecastTier && TIERS.indexOf(l.forecastTier) > TIERS.indexOf(l.tier) ? ` (预警${TIER_NAMES[l.forecastTier]})` : '';
      return `${z.name} ${l.occupancy} ${l.density}/m²${f}${l.tier ? ` ${TIER_NAMES[l.tier]}` : ''}${warn}`;
    });
    console.log(`[${clock}] ${parts.join(' | ')}`);
  };

  const realStart = performance.now();
  const simStart = start + fromMinute * 60_000;
  let nextStatus = simStart + 15 * 60_000;
  for (const tick of drillTicks({
    zones, start, fromMinute, untilMinute, scenario: a.scenario, surgeZone, gateIntervalS: Number(a.interval), seed: Number(a.seed), clean: a.clean, runId,
  })) {
    if (Number.isFinite(speed)) {
      const wait = realStart + (tick.sendAt - simStart) / speed - performance.now();
      if (wait > 0) {
        await flush();
        await new Promise((r) => setTimeout(r, Math.max(0, realStart + (tick.sendAt - simStart) / speed - performance.now())));
      }
    }
    buffer.push(...(tick.readings as DrillReading[]));
    if (buffer.length >= batchMax) await flush();
    if (tick.sendAt >= nextStatus) {
      await flush();
      await status(tick.sendAt);
      nextStatus += 15 * 60_000;
    }
  }
  await flush();
  const seconds = (performance.now() - realStart) / 1000;
  const alerts = await api('GET', '/api/crowd/alerts?limit=1');
  console.log(`sent ${totals.sent} readings in ${seconds.toFixed(1)} s (${Math.round(totals.sent / seconds)}/s): ${totals.accepted} accepted, ` +
    `${totals.duplicates} duplicates, ${totals.rejected} refused${reasons.size ? ` (${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ')})` : ''}; ${alerts.total} alerts on record`);
  return 0;
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
