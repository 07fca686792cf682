import type { DeferredInsert } from '../../platform/db/unit-of-work.js';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';

export interface Open311ClientRow {
  id: string;
  name: string;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

// Raw queries return timestamps as text on both drivers; rows carry Dates.
const toDate = (v: Date | string | null): Date | null => (v === null || v === undefined ? null : new Date(v));

function client(r: Open311ClientRow): Open311ClientRow {
  return { ...r, created_at: toDate(r.created_at)!, revoked_at: toDate(r.revoked_at) };
}

export async function insertClient(ex: Executor, c: { id: string; name: string; keyHash: string; createdBy: string | null }): Promise<Open311ClientRow> {
  const [row] = await queryRows<Open311ClientRow>(ex, sql`INSERT INTO open311_clients (id, name, key_hash, created_by)
    VALUES (${c.id}, ${c.name}, ${c.keyHash}, ${c.createdBy}::uuid)
    RETURNING id, name, created_by, NULL::text AS created_by_name, created_at, revoked_at`);
  return client(row!);
}

export async function listClients(ex: Executor): Promise<Open311ClientRow[]> {
  const rows = await queryRows<Open311ClientRow>(ex, sql`SELECT c.id, c.name, c.created_by, u.display_name AS created_by_name,
      c.created_at, c.revoked_at
    FROM open311_clients c LEFT JOIN users u ON u.id = c.created_by
    ORDER BY c.revoked_at IS NOT NULL, c.created_at DESC, c.id`);
  return rows.map(client);
}

export async function findClient(ex: Executor, id: string): Promise<Open311ClientRow | undefined> {
  const [row] = await queryRows<Open311ClientRow>(ex, sql`SELECT id, name, created_by, NULL::text AS created_by_name, created_at, revoked_at
    FROM open311_clients WHERE id = ${id}`);
  return row && client(row);
}

/** Revokes a live client; guarded, so a second revocation finds nothing. */
export async function revokeClient(ex: Executor, id: string, at: Date): Promise<Open311ClientRow | undefined> {
  const [row] = await queryRows<Open311ClientRow>(ex, sql`UPDATE open311_clients SET revoked_at = ${at}
    WHERE id = ${id} AND revoked_at IS NULL
    RETURNING id, name, created_by, NULL::text AS created_by_name, created_at, revoked_at`);
  return row && client(row);
}

export async function findLiveClientByKeyHash(ex: Executor, keyHash: string): Promise<{ id: string; name: string } | undefined> {
  const [row] = await queryRows<{ id: string; name: string }>(ex,
    sql`SELECT id, name FROM open311_clients WHERE key_hash = ${keyHash} AND revoked_at IS NULL`);
  return row;
}

export interface NewOpen311Request {
  caseId: string;
  clientId: string;
  token: string;
  email: string | null;
  deviceId: string | null;
  accountId: string | null;
  mediaUrl: string | null;
}

/** The request's Open311 facts, inserted with its case (deferred to the end of the write). */
export function open311RequestInsert(r: NewOpen311Request): DeferredInsert {
  return {
    into: 'open311_requests (case_id, client_id, token, email, device_id, account_id, media_url)',
    rows: [sql`(${r.caseId}, ${r.clientId}, ${r.token}, ${r.email}, ${r.deviceId}, ${r.accountId}, ${r.mediaUrl})`],
  };
}

export async function findToken(ex: Executor, token: string): Promise<{ token: string; ref: string } | undefined> {
  const [row] = await queryRows<{ token: string; ref: string }>(ex, sql`SELECT o.token, w.ref
    FROM open311_requests o JOIN work_items w ON w.id = o.case_id WHERE o.token = ${token}`);
  return row;
}

/** The public view of a case: no reporter, no contact data. */
export interface ServiceRequestRow {
  ref: string;
  state: string;
  category_code: string;
  category_name: string;
  category_name_en: string | null;
  description: string;
  address: string | null;
  lat: number;
  lng: number;
  agency: string | null;
  media_url: string | null;
  status_notes: string | null;
  reported_at: Date;
  updated_at: Date;
  deadline_at: Date | null;
}

export interface ServiceRequestFilter {
  refs?: string[];
  categoryCodes?: string[];
  from?: Date;
  to?: Date;
  /** The case states that count as the wanted status. */
  states?: readonly string[];
  statesExcluded?: readonly string[];
  limit: number;
}

export async function listServiceRequests(ex: Executor, f: ServiceRequestFilter): Promise<ServiceRequestRow[]> {
  const conds = [sql`w.kind = 'case'`];
  if (f.refs) conds.push(sql`w.ref = ANY(${`{${f.refs.join(',')}}`}::text[])`);
  if (f.categoryCodes) conds.push(sql`c.category_code = ANY(${`{${f.categoryCodes.join(',')}}`}::text[])`);
  if (f.from) conds.push(sql`c.reported_at >= ${f.from}`);
  if (f.to) conds.push(sql`c.reported_at <= ${f.to}`);
  if (f.states) conds.push(sql`w.state = ANY(${`{${f.states.join(',')}}`}::text[])`);
  if (f.statesExcluded) conds.push(sql`NOT (w.state = ANY(${`{${f.statesExcluded.join(',')}}`}::text[]))`);
  const rows = await queryRows<ServiceRequestRow>(ex, sql`
    SELECT w.ref, w.state, c.category_code, cc.name AS category_name, cc.name_en AS category_name_en, c.description, c.address,
      c.lat, c.lng, hu.name AS agency, o.media_url, w.updated_at, w.deadline_at, c.reported_at,
      (SELECT t.note FROM work_item_timeline t WHERE t.item_id = w.id AND t.note IS NOT NULL AND t.note <> ''
        ORDER BY t.id DESC LIMIT 1) AS status_notes
    FROM work_items w JOIN cases c ON c.id = w.id JOIN case_categories cc ON cc.code = c.category_code
      LEFT JOIN units hu ON hu.code = c.handling_unit LEFT JOIN open311_requests o ON o.case_id = c.id
    WHERE ${sql.join(conds, sql` AND `)}
    ORDER BY c.reported_at DESC, w.id LIMIT ${f.limit}`);
  return rows.map((r) => ({
    ...r, lat: Number(r.lat), lng: Number(r.lng),
    reported_at: toDate(r.reported_at)!, updated_at: toDate(r.updated_at)!, deadline_at: toDate(r.deadline_at),
  }));
}

/** When the service list last changed: the latest category change. */
export async function servicesChangeset(ex: Executor): Promise<Date | null> {
  const [row] = await queryRows<{ at: string | null }>(ex, sql`SELECT max(updated_at) AS at FROM case_categories`);
  return toDate(row?.at ?? null);
}
