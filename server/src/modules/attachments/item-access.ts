import { can, type Actor } from '../../platform/access/actor.js';
import type { Permission } from '../../platform/access/permissions.js';
import { canSee } from '../../platform/closed-loop/closed-loop.js';
import { findWorkItem, type WorkItemRow } from '../../platform/closed-loop/work-item-repository.js';
import type { Executor } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t, type Locale } from '../../platform/i18n/messages.js';
import { readableCase } from '../cases/cases-service.js';
import type { AttachmentDeps } from './attachments-service.js';

/**
 * Who may see a work item's photos and who may add them, per kind of work item. A case has its own rule
 * (a department keeps reading the cases it handled); the others are read with their module's read permission
 * at the item's units, and photographed by whoever may act on them there. A new kind adds a line here.
 */
const KIND_RULES: Record<string, { read: Permission; attach: readonly Permission[] }> = {
  // Those who take part in a case's steps: the reporter, the handling unit, the checker.
  case: { read: 'case:read', attach: ['case:report', 'case:handle', 'case:verify'] },
  // A receipt's unit (or a unit above) reports execution with photos.
  receipt: { read: 'directive:read', attach: ['directive:sign'] },
  task: { read: 'task:read', attach: ['task:report', 'task:manage'] },
  milestone: { read: 'task:read', attach: ['task:report', 'task:manage'] },
  operation_task: { read: 'operation:read', attach: ['operation:duty', 'operation:manage'] },
  hazard: { read: 'hazard:read', attach: ['hazard:inspect', 'hazard:rectify', 'hazard:manage'] },
};

const notFound = (id: string) => new AppError('NOT_FOUND', { what: 'resource', id });

/**
 * A kind whose items have more units taking part than where they are and who holds them now (a hazard: the unit that
 * inspected it and the one that rectified it): their unit paths, for reading and adding photos like the item's own.
 */
export type ItemUnits = (ex: Executor, id: string) => Promise<string[]>;
const extraUnits = new Map<string, ItemUnits>();

/** Called by the module that owns the kind, at start. */
export function registerItemUnits(kind: string, units: ItemUnits): void {
  extraUnits.set(kind, units);
}

/** Whether the actor holds the permission where the item is, with whoever holds it, or at a unit taking part in it. */
function allowedOn(actor: Actor, permission: Permission, item: WorkItemRow, extra: readonly string[]): boolean {
  return canSee(actor, permission, item) || extra.some((path) => can(actor, permission, path));
}

/** The work item if the actor may see it; 404 (as if it did not exist) otherwise, and for kinds without photos. */
export async function readableItem(ex: Executor, deps: Pick<AttachmentDeps, 'loop' | 'units'>, actor: Actor, id: string): Promise<WorkItemRow> {
  const item = await findWorkItem(ex, id);
  const rule = item && KIND_RULES[item.kind];
  if (!item || !rule) throw notFound(id);
  if (item.kind === 'case') return readableCase(ex, deps, actor, id);
  const extra = await extraUnits.get(item.kind)?.(ex, id) ?? [];
  if (!allowedOn(actor, rule.read, item, extra)) throw notFound(id);
  return item;
}

/** The open work item, if the actor may see it and take part in it; 404 / 403 / 409 otherwise. */
export async function attachableItem(
  ex: Executor, deps: Pick<AttachmentDeps, 'loop' | 'units'>, actor: Actor, id: string, locale: Locale, kind?: string,
): Promise<WorkItemRow> {
  const item = await findWorkItem(ex, id);
  const rule = item && KIND_RULES[item.kind];
  if (!item || !rule || (kind && item.kind !== kind)) throw notFound(id);
  const extra = await extraUnits.get(item.kind)?.(ex, id) ?? [];
  if (!allowedOn(actor, rule.read, item, extra)) throw notFound(id);
  if (!rule.attach.some((perm) => allowedOn(actor, perm, item, extra))) throw new AppError('FORBIDDEN', { permission: rule.attach.join(' | ') });
  if (item.closed_at) throw new AppError('CONFLICT', { reason: t(locale, 'attachments.errors.closed', { state: item.state }) });
  return item;
}
