import type { Logger } from 'pino';
import { can, SYSTEM_ACTOR, type Actor } from '../../platform/access/actor.js';
import type { TransactionRunner, UnitOfWork } from '../../platform/db/unit-of-work.js';
import { alertsInsert, clearAlerts } from './alerts-repository.js';
import type { Bucket } from './fusion.js';
import { checkReading, MAX_GATE_COUNT, MAX_PLAUSIBLE_DENSITY, type Refusal, type RejectReason } from './readings.js';
import { countRefusals, insertReadings, knownReadingIds, upsertBuckets, type RefusalCount } from './readings-repository.js';
import { raisedAlertView, zoneEventPayload } from './views.js';
import { loadZone, lockZones, writeStates } from './zones-repository.js';
import { ZoneState, type ClearReason, type Reading, type ZoneConfig } from './zone-state.js';

export interface IngestOutcome {
  accepted: number;
  duplicates: number;
  refusals: Refusal[];
}

/** One request's readings waiting in the queue; a large request may be split over several batches. */
interface Pending {
  actor: Actor;
  readings: Array<{ r: Reading; index: number }>;
  taken: number;
  preRefusals: Refusal[];
  outcome: IngestOutcome;
  partsLeft: number;
  failed: unknown;
  resolve(o: IngestOutcome): void;
  reject(err: unknown): void;
}

interface Part {
  pending: Pending;
  readings: Array<{ r: Reading; index: number }>;
  preRefusals: Refusal[];
}

/** Zone figures reach the stream at most this often (a change of tier or an alert goes at once). */
const ZONE_EVENT_MS = 1000;

export interface IngestOptions {
  /** Most readings in one transaction; bounds how long a reading waits behind the ones before it. */
  maxBatch: number;
}

/**
 * 客流监测 ingest. Requests queue up and are taken in batches of up to `maxBatch` readings, one transaction each
 * (so many small requests share a commit, and a large one cannot hold the others up for long). Per batch: the
 * touched zones are locked and reloaded if another instance (or a change of settings) wrote them since; readings
 * are checked, inserted with one statement (the reading id makes a resend a duplicate), applied to the zones'
 * minute buckets in memory, and the alert rules run; then one statement each writes the buckets, the zones' state
 * and the refusal counters, and the alerts and events go out through the outbox in the same transaction.
 */
export class CrowdIngest {
  private committed = new Map<string, ZoneState>();
  private queue: Pending[] = [];
  private draining: Promise<void> | null = null;
  private lastZoneEvent = new Map<string, number>();
  private trailing = new Set<string>();
  private trailTimer: NodeJS.Timeout | null = null;
  private trailRun: Promise<void> | null = null;
  private closed = false;

  constructor(private runner: TransactionRunner, private log: Logger, private opts: IngestOptions) {}

  submit(actor: Actor, items: unknown[]): Promise<IngestOutcome> {
    const now = Date.now();
    const readings: Pending['readings'] = [];
    const preRefusals: Refusal[] = [];
    items.forEach((item, index) => {
      const c = checkReading(item, index, now);
      if (c.ok) readings.push({ r: c.reading, index });
      else preRefusals.push(c.refusal);
    });
    return new Promise((resolve, reject) => {
      this.queue.push({ actor, readings, taken: 0, preRefusals, outcome: { accepted: 0, duplicates: 0, refusals: [] }, partsLeft: 0, failed: null, resolve, reject });
      this.kick();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.trailTimer) clearTimeout(this.trailTimer);
    await this.draining;
    await this.trailRun;
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.queue.length) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const parts = this.takeBatch();
      try {
        await this.process(parts);
      } catch (err) {
        for (const p of parts) p.pending.failed ??= err;
      }
      for (const p of parts) {
        const pending = p.pending;
        if (--pending.partsLeft > 0 || pending.taken < pending.readings.length) continue;
        if (pending.failed) pending.reject(pending.failed);
        else {
          pending.outcome.refusals.sort((a, b) => a.index - b.index);
          pending.resolve(pending.outcome);
        }
      }
    }
  }

  /** Up to maxBatch readings from the head of the queue (a request's refusals go with its first part). */
  private takeBatch(): Part[] {
    const parts: Part[] = [];
    let room = this.opts.maxBatch;
    while (this.queue.length && (room > 0 || parts.length === 0)) {
      const pending = this.queue[0]!;
      const n = Math.min(room, pending.readings.length - pending.taken);
      const first = pending.taken === 0;
      parts.push({ pending, readings: pending.readings.slice(pending.taken, pending.taken + n), preRefusals: first ? pending.preRefusals : [] });
      pending.taken += n;
      pending.partsLeft++;
      room -= n;
      if (pending.taken >= pending.readings.length) this.queue.shift();
      else break;
    }
    return parts;
  }

  private async process(parts: Part[]): Promise<void> {
    const receivedAt = Date.now();
    const codes = new Set<string>();
    for (const p of parts) {
      for (const { r } of p.readings) codes.add(r.zone);
      for (const f of p.preRefusals) if (/^[A-Za-z0-9-]{1,32}$/.test(f.zone)) codes.add(f.zone);
    }
    const result = await this.runner.run({ actor: SYSTEM_ACTOR }, async (uow) => {
      const versions = await lockZones(uow.tx, [...codes].sort());
      const drafts = new Map<string, ZoneState>();
      for (const [code, version] of versions) {
        let z = this.committed.get(code);
        if (!z || z.version !== version) {
          const loaded = await loadZone(uow.tx, code);
          z = ZoneState.fromStored(loaded!.config, loaded!.stored);
        }
        drafts.set(code, z.fork());
      }
      const refused = new Map<string, RefusalCount>();
      const refuse = (p: Part, f: Refusal) => {
        const zone = drafts.has(f.zone) ? f.zone : '';
        if (zone) drafts.get(zone)!.rejected++;
        p.pending.outcome.refusals.push(f);
        const key = `${zone}\u0000${f.reason}`;
        const c = refused.get(key);
        const sample = { id: f.id, index: f.index, ...(f.field ? { field: f.field } : {}), ...(zone ? {} : { zone: f.zone }) };
        if (c) {
          c.count++;
          c.sample = sample;
        } else refused.set(key, { zone, reason: f.reason, count: 1, sample });
      };

      const fresh: Array<{ p: Part; r: Reading }> = [];
      const late: Array<{ p: Part; r: Reading; index: number }> = [];
      const seen = new Set<string>();
      const scopeOk = new Map<string, boolean>();
      for (const p of parts) {
        for (const f of p.preRefusals) refuse(p, f);
        for (const { r, index } of p.readings) {
          const z = drafts.get(r.zone);
          const reason = z ? this.refusalOf(p.pending.actor, z.config, r, scopeOk) : 'unknown_zone';
          if (reason) refuse(p, { index, id: r.id, zone: r.zone, reason, ...(reason === 'unknown_gate' ? { field: 'gate' } : {}) });
          else if (seen.has(r.id)) {
            p.pending.outcome.duplicates++;
            z!.duplicates++;
          } else {
            seen.add(r.id);
            if (z!.isTooLate(r.at)) late.push({ p, r, index });
            else fresh.push({ p, r });
          }
        }
      }
      if (late.length) {
        const known = await knownReadingIds(uow.tx, late.map((l) => l.r.id));
        for (const { p, r, index } of late) {
          if (known.has(r.id)) {
            p.pending.outcome.duplicates++;
            drafts.get(r.zone)!.duplicates++;
          } else refuse(p, { index, id: r.id, zone: r.zone, reason: 'too_late', field: 'at' });
        }
      }
      const inserted = await insertReadings(uow.tx, fresh.map((f) => f.r));
      for (const { p, r } of fresh) {
        const z = drafts.get(r.zone)!;
        if (inserted.has(r.id)) {
          z.apply(r, receivedAt);
          p.pending.outcome.accepted++;
        } else {
          z.duplicates++;
          p.pending.outcome.duplicates++;
        }
      }
      return this.evaluateAndWrite(uow, drafts, [...refused.values()]);
    });
    for (const [code, z] of result.drafts) this.committed.set(code, z);
    const now = Date.now();
    for (const code of result.announced) this.lastZoneEvent.set(code, now);
    for (const code of result.held) this.trailing.add(code);
    this.scheduleTrailing();
  }

  private refusalOf(actor: Actor, c: ZoneConfig, r: Reading, scopeOk: Map<string, boolean>): RejectReason | null {
    let ok = scopeOk.get(c.code);
    if (ok === undefined) {
      ok = can(actor, 'crowd:ingest', c.unitPath) || (c.postPath !== null && can(actor, 'crowd:ingest', c.postPath));
      scopeOk.set(c.code, ok);
    }
    if (!ok) return 'out_of_scope';
    if (r.source === 'gate') {
      if (!c.gates.get(r.gate!)?.active) return 'unknown_gate';
      if (r.in + r.out > MAX_GATE_COUNT) return 'implausible';
    } else if (r.estimate! > c.areaM2 * MAX_PLAUSIBLE_DENSITY) return 'implausible';
    return null;
  }

  private async evaluateAndWrite(uow: UnitOfWork, drafts: Map<string, ZoneState>, refusals: RefusalCount[]) {
    const buckets: Array<{ zone: string; bucket: Bucket }> = [];
    const writes: Parameters<typeof writeStates>[1] = [];
    const cleared: Array<{ id: string; reason: ClearReason }> = [];
    const announced: string[] = [];
    const held: string[] = [];
    const raisedAll: Parameters<typeof alertsInsert>[0] = [];
    const now = Date.now();
    for (const [code, z] of drafts) {
      if (z.accepted === 0 && z.duplicates === 0 && z.rejected === 0) continue;
      const ev = z.evaluate();
      const c = z.config;
      for (const b of ev.buckets) buckets.push({ zone: code, bucket: b });
      const snapshot = z.snapshot();
      writes.push({ code, snapshot, accepted: z.accepted, duplicates: z.duplicates, rejected: z.rejected });
      z.version++;
      const paths = { unitPath: c.unitPath, alsoPaths: c.postPath ? [c.postPath] : [] };
      const clearedNow = new Map(ev.cleared.map((x) => [x.alert.id, x.reason]));
      for (const a of ev.raised) {
        raisedAll.push({ ...a, clearReason: clearedNow.get(a.id) ?? null });
        uow.emit({ type: 'crowd.alert', ...paths, subjectType: 'crowd_alert', subjectId: a.id, payload: { action: 'raised', alert: raisedAlertView(a, c.name, uow.now) } });
      }
      const raisedNow = new Set(ev.raised.map((a) => a.id));
      for (const { alert, reason, at } of ev.cleared) {
        if (!raisedNow.has(alert.id)) cleared.push({ id: alert.id, reason });
        uow.emit({
          type: 'crowd.alert', ...paths, subjectType: 'crowd_alert', subjectId: alert.id,
          payload: { action: 'cleared', alertId: alert.id, zone: { code, name: c.name }, kind: alert.kind, level: alert.level, reason, at: new Date(at).toISOString() },
        });
      }
      if (ev.tierChanged || ev.raised.length || ev.cleared.length || now - (this.lastZoneEvent.get(code) ?? 0) >= ZONE_EVENT_MS) {
        uow.emit({ type: 'crowd.zone', ...paths, subjectType: 'crowd_zone', subjectId: code, payload: zoneEventPayload(c, snapshot, exitPerMin(c)) });
        announced.push(code);
      } else held.push(code);
    }
    await upsertBuckets(uow.tx, buckets);
    await writeStates(uow.tx, writes);
    await clearAlerts(uow.tx, cleared);
    await countRefusals(uow.tx, refusals);
    if (raisedAll.length) uow.defer(alertsInsert(raisedAll));
    return { drafts, announced, held };
  }

  /** Zone figures held back by the once-a-second limit go out a second later, from the committed state. */
  private scheduleTrailing(): void {
    if (this.trailTimer || this.trailing.size === 0 || this.closed) return;
    this.trailTimer = setTimeout(() => {
      this.trailTimer = null;
      const now = Date.now();
      const due = [...this.trailing].filter((code) => now - (this.lastZoneEvent.get(code) ?? 0) >= ZONE_EVENT_MS);
      for (const code of due) this.trailing.delete(code);
      if (due.length === 0 || this.closed) return this.scheduleTrailing();
      this.trailRun = this.runner.run({ actor: SYSTEM_ACTOR }, async (uow) => {
        for (const code of due) {
          const z = this.committed.get(code);
          if (!z) continue;
          const c = z.config;
          uow.emit({
            type: 'crowd.zone', unitPath: c.unitPath, alsoPaths: c.postPath ? [c.postPath] : [], subjectType: 'crowd_zone', subjectId: code,
            payload: zoneEventPayload(c, z.snapshot(), exitPerMin(c)),
          });
        }
      }).then(() => {
        const at = Date.now();
        for (const code of due) this.lastZoneEvent.set(code, at);
        this.trailRun = null;
        this.scheduleTrailing();
      }, (err: unknown) => {
        this.trailRun = null;
        this.log.error({ err }, 'crowd: trailing zone update failed');
      });
    }, ZONE_EVENT_MS);
    this.trailTimer.unref();
  }
}

function exitPerMin(c: ZoneConfig): number | null {
  let sum = 0;
  for (const g of c.gates.values()) if (g.active && g.direction !== 'in') sum += g.flowPerMin;
  return sum > 0 ? Math.round(sum) : null;
}
