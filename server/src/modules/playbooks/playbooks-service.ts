import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/messages.js';
import type { Tier } from '../crowd/bands.js';
import { findAlert, type AlertRow } from '../crowd/alerts-repository.js';
import { visibleZone, zoneAllows } from '../crowd/crowd-service.js';
import { gatesOf, type ZoneRow } from '../crowd/zones-repository.js';
import { alertMeasureTitle } from '../operations/measure-title.js';
import { postsByUnit, postsOfZone, runningOperations, unitsByCode, type OperationRow } from '../operations/operations-repository.js';
import { createOperationTasks, type NewOperationTask, type OperationDeps } from '../operations/tasks-service.js';
import {
  claimRun, findPlaybook, insertPlaybook, removePlaybook, setRunTasks, updatePlaybook, type Measure, type PlaybookRow,
} from './playbooks-repository.js';

export interface PlaybookDeps { operations: OperationDeps }

export interface RunResult { alertId: string; operationId: string; tasks: number; ran: boolean; skipped: string[] }

/**
 * The measures as tasks for the posts of the operation: 'command_post' and 'street' are the zone's, a unit code is
 * that unit's post. A measure whose post the operation does not have is left out (listed in the run's skipped).
 */
async function tasksOf(uow: UnitOfWork, operationId: string, alert: AlertRow, playbook: PlaybookRow): Promise<{ tasks: NewOperationTask[]; skipped: string[] }> {
  const zonePosts = await postsOfZone(uow.tx, operationId, alert.zone_code);
  const named = await postsByUnit(uow.tx, operationId, playbook.measures.map((m) => m.target).filter((x) => x !== 'command_post' && x !== 'street'));
  const unitFor = (m: Measure) => (m.target === 'command_post' || m.target === 'street'
    ? zonePosts.find((p) => p.kind === (m.target === 'street' ? 'street_sub_command' : 'command_post'))?.unit_code
    : named.get(m.target)?.unit_code);
  const skipped: string[] = [];
  const tierName = t('zh-CN', `playbooks.tiers.${alert.tier}`);
  const tasks = playbook.measures.flatMap((m) => {
    const unitCode = unitFor(m);
    if (!unitCode) {
      skipped.push(m.title);
      return [];
    }
    return [{
      title: alertMeasureTitle(alert.zone_name, tierName, m.title),
      description: t('zh-CN', 'playbooks.taskDescription', { zone: alert.zone_name, tier: tierName, density: Number(alert.density).toFixed(2), kind: t('zh-CN', `playbooks.kinds.${m.kind}`) }),
      unitCode, phase: 'during' as const, deadlineAt: new Date(uow.now.getTime() + m.limitMinutes * 60_000),
      source: { kind: 'playbook' as const, ref: alert.id },
    }];
  });
  return { tasks, skipped };
}

/**
 * Runs the playbook of the alert's zone and tier: its measures become operation tasks of the operation running now,
 * once per alert (the run is claimed first, so the automatic run and a click never both make tasks).
 * `auto`: from the alert itself — nothing happens unless the playbook runs by itself and an operation is running.
 */
export async function runPlaybook(uow: UnitOfWork, deps: PlaybookDeps, alertId: string, auto: boolean): Promise<RunResult | null> {
  const { actor } = uow;
  const alert = await findAlert(uow.tx, alertId);
  if (!alert || (!auto && !zoneAllows(actor, 'crowd:read', alert))) throw new AppError('NOT_FOUND', { what: 'crowdAlert', id: alertId });
  if (!auto && !zoneAllows(actor, 'alert:ack', alert)) throw new AppError('FORBIDDEN', { permission: 'alert:ack' });
  const playbook = await findPlaybook(uow.tx, alert.zone_code, alert.tier as Tier);
  if (auto && (!playbook?.auto || (alert.kind === 'forecast' && !playbook.on_forecast))) return null;
  if (!playbook || playbook.measures.length === 0) {
    throw new AppError('CONFLICT', { reason: t(actor.locale, 'playbooks.noPlaybook', { zone: alert.zone_name }) });
  }
  // The running operation that has posts for the zone (two operations may run at once, in different places).
  let operation: OperationRow | undefined;
  for (const op of await runningOperations(uow.tx, uow.now)) {
    if ((await postsOfZone(uow.tx, op.id, alert.zone_code)).length) { operation = op; break; }
  }
  if (!operation) {
    if (auto) return null;
    throw new AppError('CONFLICT', { reason: t(actor.locale, 'playbooks.noOperation') });
  }
  const { tasks, skipped } = await tasksOf(uow, operation.id, alert, playbook);
  if (tasks.length === 0) {
    if (auto) return null;
    throw new AppError('CONFLICT', { reason: t(actor.locale, 'playbooks.noPosts', { zone: alert.zone_name }) });
  }
  // Claimed only now, when there is something to make: a run that made nothing can still be made later.
  if (!await claimRun(uow.tx, { alertId, zone: alert.zone_code, tier: alert.tier as Tier, operationId: operation.id, auto, actorName: actor.displayName })) {
    return { alertId, operationId: operation.id, tasks: 0, ran: false, skipped: [] };
  }
  const made = await createOperationTasks(uow, deps.operations, operation.id, tasks);
  await setRunTasks(uow.tx, alertId, made.map((m) => m.id));
  uow.audit({
    action: 'playbook.run', targetType: 'crowd_alert', targetId: alertId, unitPath: alert.unit_path,
    detail: { zone: alert.zone_code, tier: alert.tier, auto, operation: operation.id, tasks: made.map((m) => m.ref), skipped },
  });
  uow.emit({
    type: 'crowd.playbook', unitPath: alert.unit_path, alsoPaths: alert.post_path ? [alert.post_path] : [], subjectType: 'crowd_alert', subjectId: alertId,
    payload: { alertId, zone: { code: alert.zone_code, name: alert.zone_name }, tier: alert.tier, auto, tasks: made.map((m) => ({ id: m.id, ref: m.ref, unitCode: m.unitCode })) },
  });
  return { alertId, operationId: operation.id, tasks: made.length, ran: true, skipped };
}

export interface PlaybookSettings {
  auto: boolean;
  onForecast: boolean;
  measures: Measure[];
}

/**
 * The measures must name what exists: a gate of this zone (关闭出入口 X), and a unit for a named post (a task force
 * such as TF-JTYS). Whether the running operation holds that post is decided when the playbook runs (left out then).
 */
async function checkMeasures(uow: UnitOfWork, zone: ZoneRow, measures: readonly Measure[]): Promise<void> {
  const gates = new Set((await gatesOf(uow.tx, [zone.code])).filter((g) => g.active).map((g) => g.code));
  const named = measures.map((m) => m.target).filter((x) => x !== 'command_post' && x !== 'street');
  const units = await unitsByCode(uow.tx, named);
  const fields: Array<{ field: string; code: string; message: string }> = [];
  measures.forEach((m, i) => {
    if (m.gate && !gates.has(m.gate)) {
      fields.push({ field: `body.measures.${i}.gate`, code: 'unknown_gate', message: t(uow.actor.locale, 'playbooks.fields.unknownGate', { gate: m.gate, zone: zone.name }) });
    }
    if (m.target !== 'command_post' && m.target !== 'street' && !units.get(m.target)?.active) {
      fields.push({ field: `body.measures.${i}.target`, code: 'unknown_unit', message: t(uow.actor.locale, 'playbooks.fields.unknownUnit', { unit: m.target }) });
    }
  });
  if (fields.length) throw new AppError('VALIDATION_FAILED', {}, fields);
}

const AUDIT_ACTION = { created: 'playbook.create', updated: 'playbook.update', removed: 'playbook.remove' } as const;

function playbookEvent(uow: UnitOfWork, zone: ZoneRow, row: PlaybookRow, action: keyof typeof AUDIT_ACTION): void {
  uow.audit({
    action: AUDIT_ACTION[action], targetType: 'crowd_zone', targetId: zone.code,
    unitPath: zone.unit_path, detail: { tier: row.tier, version: row.version, auto: row.auto, measures: row.measures.length },
  });
  uow.emit({
    type: 'crowd.playbook', unitPath: zone.unit_path, alsoPaths: zone.post_path ? [zone.post_path] : [], subjectType: 'crowd_zone', subjectId: zone.code,
    payload: { action, zone: zone.code, tier: row.tier, version: row.version, auto: row.auto },
  });
}

const stale = (uow: UnitOfWork) => new AppError('CONFLICT', { reason: t(uow.actor.locale, 'playbooks.stale') });

/** 编辑: replaces a tier's settings, guarded by the version the editor saw (409 when someone saved in between). */
export async function savePlaybook(uow: UnitOfWork, zoneCode: string, tier: Tier, input: PlaybookSettings & { version: number }): Promise<PlaybookRow> {
  const zone = await visibleZone(uow.tx, uow.actor, zoneCode, 'crowd:manage');
  if (!await findPlaybook(uow.tx, zone.code, tier)) throw new AppError('NOT_FOUND', { what: 'playbook', id: `${zone.code}/${tier}` });
  await checkMeasures(uow, zone, input.measures);
  const row = await updatePlaybook(uow.tx, { zone: zone.code, tier, ...input, by: uow.actor.displayName });
  if (!row) throw stale(uow);
  playbookEvent(uow, zone, row, 'updated');
  return row;
}

/** 新增: measures for a tier that has none (never had, or removed); 409 when it has some. */
export async function createPlaybook(uow: UnitOfWork, zoneCode: string, tier: Tier, input: PlaybookSettings): Promise<PlaybookRow> {
  const zone = await visibleZone(uow.tx, uow.actor, zoneCode, 'crowd:manage');
  await checkMeasures(uow, zone, input.measures);
  const row = await insertPlaybook(uow.tx, { zone: zone.code, tier, ...input, by: uow.actor.displayName });
  if (!row) throw new AppError('CONFLICT', { reason: t(uow.actor.locale, 'playbooks.exists') });
  playbookEvent(uow, zone, row, 'created');
  return row;
}

/** 删除: the tier has no measures any more (alerts of it make no tasks); guarded by the version like an edit. */
export async function deletePlaybook(uow: UnitOfWork, zoneCode: string, tier: Tier, version: number): Promise<void> {
  const zone = await visibleZone(uow.tx, uow.actor, zoneCode, 'crowd:manage');
  if (!await findPlaybook(uow.tx, zone.code, tier)) throw new AppError('NOT_FOUND', { what: 'playbook', id: `${zone.code}/${tier}` });
  const row = await removePlaybook(uow.tx, { zone: zone.code, tier, version, by: uow.actor.displayName });
  if (!row) throw stale(uow);
  playbookEvent(uow, zone, row, 'removed');
}
