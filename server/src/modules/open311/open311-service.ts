import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { scopeOf, type Actor } from '../../platform/access/actor.js';
import type { Executor } from '../../platform/db/database.js';
import type { UnitOfWork, WriteBatch } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { Locale } from '../../platform/i18n/messages.js';
import { findCategory } from '../categories/categories-repository.js';
import { reportCase, type CaseDeps } from '../cases/cases-service.js';
import {
  findClient, findLiveClientByKeyHash, insertClient, open311RequestInsert, revokeClient, type Open311ClientRow,
} from './open311-repository.js';

/** An error in GeoReport terms: an HTTP status and a message key under `open311.errors`. */
export class Open311Error extends Error {
  constructor(readonly status: 400 | 403 | 404, readonly key: string, readonly params: Record<string, unknown> = {}) {
    super(key);
  }
}

export const keyHash = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * Open311 clients are district-wide, so only an administrator whose grant covers the whole district manages
 * them; returns that district path (where their audit entries and events belong).
 */
export function districtScope(actor: Actor): string {
  const path = scopeOf(actor, 'open311:manage').find((p) => p.split('/').length <= 3);
  if (!path) throw new AppError('FORBIDDEN', { permission: 'open311:manage' });
  return path;
}

export async function createClient(uow: UnitOfWork, name: string): Promise<{ client: Open311ClientRow; key: string }> {
  const unitPath = districtScope(uow.actor);
  const key = `o311_${randomBytes(32).toString('base64url')}`;
  // A live client with the same name violates the unique index: 409 from the error mapping.
  const client = await insertClient(uow.tx, { id: randomUUID(), name, keyHash: keyHash(key), createdBy: uow.actor.userId });
  uow.audit({ action: 'open311.client-created', targetType: 'open311-client', targetId: client.id, unitPath, detail: { name } });
  uow.emit({ type: 'open311.client-created', unitPath, subjectType: 'open311-client', subjectId: client.id, payload: { name } });
  return { client, key };
}

export async function revokeClientById(uow: UnitOfWork, id: string): Promise<Open311ClientRow> {
  const unitPath = districtScope(uow.actor);
  const existing = await findClient(uow.tx, id);
  if (!existing) throw new AppError('NOT_FOUND', { what: 'resource', id });
  const revoked = await revokeClient(uow.tx, id, uow.now);
  if (!revoked) throw new AppError('CONFLICT', { reason: 'already revoked' });
  uow.audit({ action: 'open311.client-revoked', targetType: 'open311-client', targetId: id, unitPath, detail: { name: revoked.name } });
  uow.emit({ type: 'open311.client-revoked', unitPath, subjectType: 'open311-client', subjectId: id, payload: { name: revoked.name } });
  return revoked;
}

/** The live client holding this API key, or 403. */
export async function clientForKey(ex: Executor, key: string | undefined): Promise<{ id: string; name: string }> {
  if (!key) throw new Open311Error(403, 'apiKeyMissing');
  const client = await findLiveClientByKeyHash(ex, keyHash(key));
  if (!client) throw new Open311Error(403, 'apiKeyInvalid');
  return client;
}

/** The client system acting: the platform on its behalf, named after it on the timeline and in the audit log. */
export function clientActor(client: { name: string }, locale: Locale): Actor {
  return { kind: 'system', userId: null, username: `open311:${client.name}`, displayName: client.name, locale, grants: [] };
}

export interface ServiceRequestInput {
  serviceCode: string;
  lat: number;
  long: number;
  addressString?: string;
  description?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  mediaUrl?: string;
  deviceId?: string;
  accountId?: string;
}

// Chinese names are written family name first and without a space; others "first last".
const CJK = /[\u3400-\u9fff]/;
function reporterName(first?: string, last?: string): string | null {
  const parts = [first?.trim(), last?.trim()].filter((s): s is string => !!s);
  if (parts.length === 0) return null;
  if (CJK.test(parts.join(''))) return `${last?.trim() ?? ''}${first?.trim() ?? ''}`;
  return parts.join(' ');
}

/** A service request becomes a case (channel open311) plus the token and contact data only Open311 brings. */
export async function submitServiceRequest(
  uow: WriteBatch, deps: CaseDeps, client: { id: string; name: string }, input: ServiceRequestInput,
): Promise<{ id: string; ref: string; token: string }> {
  const category = await findCategory(uow.read, input.serviceCode);
  if (!category || !category.active) throw new Open311Error(404, 'unknownService', { code: input.serviceCode });
  if (deps.locator.locate(input.long, input.lat).status === 'outside') {
    throw new Open311Error(400, 'outsideDistrict', { lat: input.lat, long: input.long });
  }
  const item = await reportCase(uow, deps, {
    categoryCode: category.code, description: input.description?.trim() || category.name, lng: input.long, lat: input.lat,
    address: input.addressString?.trim() || null, channel: 'open311',
    reporterName: reporterName(input.firstName, input.lastName), reporterPhone: input.phone?.trim() || null,
  });
  const token = randomUUID();
  uow.defer(open311RequestInsert({
    caseId: item.id, clientId: client.id, token, email: input.email ?? null, deviceId: input.deviceId ?? null,
    accountId: input.accountId ?? null, mediaUrl: input.mediaUrl ?? null,
  }));
  uow.audit({
    action: 'open311.request', targetType: 'case', targetId: item.id, unitPath: item.home_path,
    detail: { ref: item.ref, clientId: client.id, client: client.name, serviceCode: category.code },
  });
  return { id: item.id, ref: item.ref, token };
}
