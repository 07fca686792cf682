import { flowsAt } from './curve.js';
import { EVENING, profileOf } from './profiles.js';

// Readings for a drill, deterministic for a seed: every gate reports its in/out counts every `gateIntervalS`
// seconds, a camera system its head count every minute (80 % of the area in view), the mobile operator its estimate
// every five minutes. Unless `clean`, the feed misbehaves as real ones do: readings arrive out of order within a
// send, about 1 % arrive minutes late, 0.5 % are sent twice, 0.1 % are broken.

export interface DrillGate {
  code: string;
  direction: 'in' | 'out' | 'both';
  /** Persons a minute it can pass (width × flow per metre); shares of the flow follow it. */
  flowPerMin: number;
}

export interface DrillZone {
  code: string;
  areaM2: number;
  gates: DrillGate[];
}

export interface DrillOptions {
  zones: DrillZone[];
  /** 19:00 of the evening (ms since the epoch). */
  start: number;
  /** Minutes after 19:00 to begin and end (default 0 and 390, i.e. 01:30). */
  fromMinute?: number;
  untilMinute?: number;
  scenario: 'normal' | 'surge';
  surgeZone?: string;
  gateIntervalS?: number;
  seed?: number;
  clean?: boolean;
  /** Prefix of every reading id: the same run id replays as duplicates, a new one is a new drill. */
  runId: string;
}

export interface DrillReading {
  id: string;
  zone: string;
  source: 'gate' | 'camera' | 'mobile';
  at: string;
  gate?: string;
  in?: number;
  out?: number;
  count?: number;
  coverage?: number;
}

export interface DrillTick {
  /** When the readings are sent (simulated ms): a late reading is sent after its own timestamp. */
  sendAt: number;
  readings: Array<DrillReading | Record<string, unknown>>;
}

export const CAMERA_COVERAGE = 0.8;

/** mulberry32: a small seeded generator, so a drill can be replayed exactly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function* drillTicks(o: DrillOptions): Generator<DrillTick> {
  const random = rng(o.seed ?? 1);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const step = (o.gateIntervalS ?? 15) * 1000;
  const from = o.start + (o.fromMinute ?? 0) * 60_000;
  const until = o.start + (o.untilMinute ?? EVENING.end) * 60_000;
  const carry = new Map<string, number>();
  const delayed: DrillTick[] = [];
  const round = (key: string, x: number) => {
    const v = x + (carry.get(key) ?? 0);
    const n = Math.max(0, Math.floor(v));
    carry.set(key, v - n);
    return n;
  };
  let n = 0;
  for (let now = from + step; now <= until; now += step) {
    const t = (now - o.start) / 60_000;
    const iso = new Date(now).toISOString();
    const batch: DrillTick['readings'] = [];
    for (const z of o.zones) {
      const p = profileOf(z.code);
      const f = flowsAt(p, z.areaM2, t, o.scenario === 'surge' && z.code === o.surgeZone);
      const entries = z.gates.filter((g) => g.direction !== 'out');
      const exits = z.gates.filter((g) => g.direction !== 'in');
      const entryFlow = entries.reduce((s, g) => s + g.flowPerMin, 0);
      const exitFlow = exits.reduce((s, g) => s + g.flowPerMin, 0);
      for (const g of z.gates) {
        const noise = () => Math.max(0, 1 + 0.03 * gauss());
        const inN = g.direction === 'out' ? 0 : round(`${g.code}:in`, (f.inPerMin * (step / 60_000) * g.flowPerMin / entryFlow) * noise());
        const outN = g.direction === 'in' ? 0 : round(`${g.code}:out`, (f.outPerMin * (step / 60_000) * g.flowPerMin / exitFlow) * noise());
        batch.push({ id: `${o.runId}-${g.code}-${n}`, zone: z.code, source: 'gate', gate: g.code, at: iso, in: inN, out: outN });
      }
      if (now % 60_000 === 0) {
        batch.push({
          id: `${o.runId}-${z.code}-cam-${n}`, zone: z.code, source: 'camera', at: iso,
          count: Math.max(0, Math.round(f.occupancy * (1 + 0.04 * gauss()) * CAMERA_COVERAGE)), coverage: CAMERA_COVERAGE,
        });
      }
      if (now % 300_000 === 0) {
        batch.push({ id: `${o.runId}-${z.code}-mob-${n}`, zone: z.code, source: 'mobile', at: iso, count: Math.max(0, Math.round(f.occupancy * (1 + 0.08 * gauss()))) });
      }
    }
    n++;
    const onTime: DrillTick['readings'] = [];
    for (const r of batch) {
      if (o.clean) {
        onTime.push(r);
        continue;
      }
      const x = random();
      if (x < 0.001) onTime.push(broken(r as DrillReading, random()));
      else if (x < 0.011) delayed.push({ sendAt: now + 60_000 + Math.floor(random() * 300_000), readings: [r] });
      else {
        onTime.push(r);
        if (x < 0.016) delayed.push({ sendAt: now + 5_000 + Math.floor(random() * 25_000), readings: [r] });
      }
    }
    // Arrival order within a send is not the order of measurement.
    for (let i = onTime.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [onTime[i], onTime[j]] = [onTime[j]!, onTime[i]!];
    }
    const due = delayed.filter((d) => d.sendAt <= now);
    for (const d of due) {
      onTime.push(...d.readings);
      delayed.splice(delayed.indexOf(d), 1);
    }
    yield { sendAt: now, readings: onTime };
  }
  if (delayed.length) yield { sendAt: until, readings: delayed.flatMap((d) => d.readings) };
}

function broken(r: DrillReading, x: number): Record<string, unknown> {
  if (x < 0.34) return { ...r, in: -1 };
  if (x < 0.67) return { ...r, gate: `${r.zone}-GX`, source: 'gate', in: 1, out: 0, count: undefined, coverage: undefined };
  return { ...r, at: 'yesterday evening' };
}
