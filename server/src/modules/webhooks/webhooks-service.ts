import { randomBytes, randomUUID } from 'node:crypto';
import { can, type Actor } from '../../platform/access/actor.js';
import { roleGrants } from '../../platform/access/roles.js';
import type { Executor } from '../../platform/db/database.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { findUnit } from '../units/units-repository.js';
import {
  deleteSubscription, findSubscription, insertSubscription, updateSubscription,
  type SubscriptionChanges, type SubscriptionRow, type WebhookFormat,
} from './webhooks-repository.js';

export interface NewWebhook {
  name: string;
  url: string;
  format: WebhookFormat;
  secret?: string | null;
  topics: string[];
  /** Default: the unit where the caller holds webhook:manage (the highest one). */
  unitCode?: string;
  active?: boolean;
}

export type WebhookChanges = SubscriptionChanges;

/** A subscription, plus its secret when this write generated or set it (shown once, never listed). */
export interface WebhookWrite {
  row: SubscriptionRow;
  secret: string | null;
}

const newSecret = () => `whsec_${randomBytes(24).toString('hex')}`;

/** URLs carry the robots' keys (WeCom `key=`, DingTalk `access_token=`): show only the start of query values. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const [k, v] of [...u.searchParams]) u.searchParams.set(k, v.length > 4 ? `${v.slice(0, 4)}****` : '****');
    if (u.password) u.password = '****';
    return u.toString().replace(/%2A/g, '*');
  } catch {
    return url;
  }
}

function defaultUnit(actor: Actor): string | undefined {
  return actor.grants.filter((g) => roleGrants(g.role, 'webhook:manage')).sort((a, b) => a.unitPath.localeCompare(b.unitPath))[0]?.unitCode;
}

/** The subscription if its unit lies in the caller's webhook:manage scope; otherwise 404, as if it did not exist. */
export async function visibleWebhook(ex: Executor, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}): Promise<SubscriptionRow> {
  const row = await findSubscription(ex, id, opts);
  if (!row || !can(actor, 'webhook:manage', row.unit_path)) throw new AppError('NOT_FOUND', { what: 'resource', id });
  return row;
}

function auditDetail(row: Pick<SubscriptionRow, 'name' | 'url' | 'format' | 'topics' | 'unit_code' | 'active'>) {
  return { name: row.name, url: maskUrl(row.url), format: row.format, topics: row.topics, unitCode: row.unit_code, active: row.active };
}

export async function createWebhook(uow: UnitOfWork, input: NewWebhook): Promise<WebhookWrite> {
  const unitCode = input.unitCode ?? defaultUnit(uow.actor);
  const unit = unitCode ? await findUnit(uow.tx, unitCode) : undefined;
  if (!unit || !unit.active) throw new AppError('UNKNOWN_UNIT', { code: unitCode ?? '' });
  if (!can(uow.actor, 'webhook:manage', unit.path)) throw new AppError('FORBIDDEN', { permission: 'webhook:manage' });
  // JSON receivers verify the signature, so a JSON subscription always has a secret.
  const secret = input.secret ?? (input.format === 'json' ? newSecret() : null);
  const id = randomUUID();
  await insertSubscription(uow.tx, {
    id, name: input.name, url: input.url, format: input.format, secret, topics: input.topics, unitCode: unit.code, createdBy: uow.actor.userId,
  });
  if (input.active === false) await updateSubscription(uow.tx, id, { active: false });
  const row = (await findSubscription(uow.tx, id))!;
  uow.audit({ action: 'webhook.create', targetType: 'webhook', targetId: id, unitPath: unit.path, detail: auditDetail(row) });
  uow.emit({ type: 'webhook.created', unitPath: unit.path, subjectType: 'webhook', subjectId: id, payload: { name: row.name, format: row.format, active: row.active } });
  return { row, secret };
}

export async function changeWebhook(uow: UnitOfWork, id: string, changes: WebhookChanges): Promise<WebhookWrite> {
  const before = await visibleWebhook(uow.tx, uow.actor, id, { forUpdate: true });
  const set: SubscriptionChanges = { ...changes };
  const format = changes.format ?? before.format;
  const secretAfter = changes.secret !== undefined ? changes.secret : before.secret;
  if (format === 'json' && !secretAfter) set.secret = newSecret();
  await updateSubscription(uow.tx, id, set);
  const row = (await findSubscription(uow.tx, id))!;
  const changed = Object.keys(set).filter((k) => k !== 'secret');
  uow.audit({
    action: 'webhook.update', targetType: 'webhook', targetId: id, unitPath: row.unit_path,
    detail: { changed, ...(set.secret !== undefined ? { secretChanged: true } : {}), before: auditDetail(before), after: auditDetail(row) },
  });
  uow.emit({ type: 'webhook.updated', unitPath: row.unit_path, subjectType: 'webhook', subjectId: id, payload: { name: row.name, format: row.format, active: row.active } });
  return { row, secret: set.secret ?? null };
}

/** Removes a subscription and its delivery log. */
export async function removeWebhook(uow: UnitOfWork, id: string): Promise<void> {
  const row = await visibleWebhook(uow.tx, uow.actor, id, { forUpdate: true });
  await deleteSubscription(uow.tx, id);
  uow.audit({ action: 'webhook.delete', targetType: 'webhook', targetId: id, unitPath: row.unit_path, detail: auditDetail(row) });
  uow.emit({ type: 'webhook.deleted', unitPath: row.unit_path, subjectType: 'webhook', subjectId: id, payload: { name: row.name } });
}
