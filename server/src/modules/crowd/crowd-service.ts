import { can, type Actor } from '../../platform/access/actor.js';
import { roleGrants } from '../../platform/access/roles.js';
import type { Permission } from '../../platform/access/permissions.js';
import type { Executor } from '../../platform/db/database.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { geometryAreaM2, type AreaGeometry } from '../../platform/geo/index.js';
import { t } from '../../platform/i18n/messages.js';
import { acknowledge, findAlert, type AlertRow } from './alerts-repository.js';
import { DEFAULT_BANDS, type Bands } from './bands.js';
import type { GateInputT, ZoneSettingsInput } from './crowd-schemas.js';
import type { CrowdIngest } from './ingest.js';
import { alertView, zoneView } from './views.js';
import {
  findZone, gatesOf, gatesOfOtherZones, insertZone, replaceGates, resetZone, updateSettings, zoneUnit, type SettingsChange, type ZoneRow,
} from './zones-repository.js';

export interface CrowdDeps {
  ingest: CrowdIngest;
}

type ZonePaths = Pick<ZoneRow, 'unit_path' | 'post_path'>;

/** A zone belongs to its unit's subtree and to its command post's: both may hold rights over it. */
export function zoneAllows(actor: Actor, permission: Permission, z: ZonePaths): boolean {
  return can(actor, permission, z.unit_path) || (z.post_path !== null && can(actor, permission, z.post_path));
}

/** The zone if the actor may read it; 404 outside their scope, 403 when they may read but not `need`. */
export async function visibleZone(ex: Executor, actor: Actor, code: string, need?: Permission): Promise<ZoneRow> {
  const z = await findZone(ex, code);
  if (!z || !zoneAllows(actor, 'crowd:read', z)) throw new AppError('NOT_FOUND', { what: 'crowdZone', id: code });
  if (need && !zoneAllows(actor, need, z)) throw new AppError('FORBIDDEN', { permission: need });
  return z;
}

function invalid(actor: Actor, field: string, code: string, key: string, params: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION_FAILED', {}, [{ field, code, message: t(actor.locale, `crowd.fields.${key}`, params) }]);
}

async function zoneEvent(uow: UnitOfWork, code: string, action: string): Promise<void> {
  const z = (await findZone(uow.tx, code))!;
  const view = zoneView(z, await gatesOf(uow.tx, [code]));
  uow.emit({
    type: 'crowd.zone', unitPath: z.unit_path, alsoPaths: z.post_path ? [z.post_path] : [], subjectType: 'crowd_zone', subjectId: code,
    payload: { action, code, name: view.name, live: view.live, zone: view },
  });
}

async function checkGates(uow: UnitOfWork, zoneCode: string, gates: GateInputT[]): Promise<void> {
  const taken = await gatesOfOtherZones(uow.tx, zoneCode, gates.map((g) => g.code));
  if (taken.length) throw invalid(uow.actor, 'body.gates', 'taken', 'gateTaken', { codes: taken.join(', ') });
}

const gateRows = (gates: GateInputT[]) => gates.map((g) => ({
  code: g.code, name: g.name, nameEn: g.nameEn ?? null, widthM: g.widthM, direction: g.direction, kind: g.kind,
  lng: g.location?.[0] ?? null, lat: g.location?.[1] ?? null,
}));

/** Makes a unit of kind 'zone' a crowd zone (polygon, usable area, bands, gates). */
export async function registerZone(uow: UnitOfWork, input: { code: string; geometry: AreaGeometry; areaM2?: number; bands?: Bands; gates: GateInputT[] }): Promise<string> {
  const u = await zoneUnit(uow.tx, input.code);
  if (!u || !(can(uow.actor, 'crowd:read', u.path) || (u.post_path !== null && can(uow.actor, 'crowd:read', u.post_path)))) {
    throw new AppError('UNKNOWN_UNIT', { code: input.code });
  }
  if (u.kind !== 'zone') throw invalid(uow.actor, 'body.code', 'kind', 'notAZone', { kind: u.kind });
  if (!zoneAllows(uow.actor, 'crowd:manage', { unit_path: u.path, post_path: u.post_path })) throw new AppError('FORBIDDEN', { permission: 'crowd:manage' });
  await checkGates(uow, input.code, input.gates);
  const inserted = await insertZone(uow.tx, {
    code: u.code, unitPath: u.path, postCode: u.post_code, postPath: u.post_path, geometry: input.geometry,
    areaM2: input.areaM2 ?? Math.round(geometryAreaM2(input.geometry)), bands: input.bands ?? DEFAULT_BANDS, approximate: false,
  });
  if (!inserted) throw new AppError('ALREADY_EXISTS', { what: 'crowdZone' });
  await replaceGates(uow.tx, u.code, gateRows(input.gates));
  uow.audit({ action: 'crowd.zone.register', targetType: 'crowd_zone', targetId: u.code, unitPath: u.path, detail: { gates: input.gates.length, areaM2: input.areaM2 ?? null } });
  await zoneEvent(uow, u.code, 'registered');
  return u.code;
}

/** Area, capacity, bands, hysteresis or polygon; the version bump makes every instance's ingest reload the zone. */
export async function changeSettings(uow: UnitOfWork, code: string, input: ZoneSettingsInput): Promise<void> {
  const z = await visibleZone(uow.tx, uow.actor, code, 'crowd:manage');
  const change: SettingsChange = {
    geometry: input.geometry, areaM2: input.areaM2, capacityOverride: input.capacity, bands: input.bands,
    marginDensity: input.hysteresis?.marginDensity, minDwellMinutes: input.hysteresis?.minDwellMinutes,
  };
  await updateSettings(uow.tx, code, change);
  const before = { areaM2: Number(z.area_m2), capacity: z.capacity_override, bands: z.bands, marginDensity: Number(z.margin_density), minDwellMinutes: z.min_dwell_minutes };
  uow.audit({ action: 'crowd.zone.settings', targetType: 'crowd_zone', targetId: code, unitPath: z.unit_path, detail: { before, change: { ...input, geometry: input.geometry ? 'changed' : undefined } } });
  await zoneEvent(uow, code, 'settings');
}

/** The zone's gates become the given list; gates left out stay on record, inactive (old readings name them). */
export async function setGates(uow: UnitOfWork, code: string, gates: GateInputT[]): Promise<void> {
  const z = await visibleZone(uow.tx, uow.actor, code, 'crowd:manage');
  await checkGates(uow, code, gates);
  await replaceGates(uow.tx, code, gateRows(gates));
  await updateSettings(uow.tx, code, {});
  uow.audit({ action: 'crowd.zone.gates', targetType: 'crowd_zone', targetId: code, unitPath: z.unit_path, detail: { gates: gates.map((g) => g.code) } });
  await zoneEvent(uow, code, 'gates');
}

/** Starts the zone afresh (before a drill): readings, buckets and live state are removed, alerts cleared. */
export async function resetZoneState(uow: UnitOfWork, code: string): Promise<{ readings: number; alertsCleared: number }> {
  const z = await visibleZone(uow.tx, uow.actor, code, 'crowd:manage');
  const out = await resetZone(uow.tx, code);
  uow.audit({ action: 'crowd.zone.reset', targetType: 'crowd_zone', targetId: code, unitPath: z.unit_path, detail: out });
  await zoneEvent(uow, code, 'reset');
  return out;
}

/** The unit an acknowledgement is made for: the actor's grant at the command post, else at or above the zone. */
function ackUnit(actor: Actor, z: ZonePaths): string | null {
  const grants = actor.grants.filter((g) => roleGrants(g.role, 'alert:ack'));
  const atPost = z.post_path ? grants.find((g) => z.post_path!.startsWith(g.unitPath)) : undefined;
  return (atPost ?? grants.find((g) => z.unit_path.startsWith(g.unitPath)))?.unitCode ?? null;
}

/** 签收: the post (or a centre above the zone) acknowledges an alert; of two acknowledging at once, one wins. */
export async function acknowledgeAlert(uow: UnitOfWork, id: string, note: string | null): Promise<AlertRow> {
  const { actor } = uow;
  const a = await findAlert(uow.tx, id);
  if (!a || !zoneAllows(actor, 'crowd:read', a)) throw new AppError('NOT_FOUND', { what: 'crowdAlert', id });
  if (!zoneAllows(actor, 'alert:ack', a)) throw new AppError('FORBIDDEN', { permission: 'alert:ack' });
  const unit = ackUnit(actor, a);
  if (!await acknowledge(uow.tx, id, { userId: actor.userId, name: actor.displayName, unit, note })) {
    throw new AppError('CONFLICT', { reason: t(actor.locale, 'crowd.alreadyAcknowledged') });
  }
  const after = (await findAlert(uow.tx, id))!;
  uow.audit({ action: 'crowd.alert.ack', targetType: 'crowd_alert', targetId: id, unitPath: a.unit_path, detail: { zone: a.zone_code, tier: a.tier, kind: a.kind, unit, note } });
  uow.emit({
    type: 'crowd.alert', unitPath: a.unit_path, alsoPaths: a.post_path ? [a.post_path] : [], subjectType: 'crowd_alert', subjectId: id,
    payload: { action: 'acknowledged', alert: alertView(after) },
  });
  return after;
}
