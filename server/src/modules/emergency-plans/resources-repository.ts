import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';
import { underAny } from '../operations/operations-repository.js';
import type { ResourceCategory, ResourceStatus, ResourceType } from './resource-types.js';

type Instant = Date | string;

export interface ResourceRow {
  id: string;
  code: string;
  name: string;
  type: ResourceType;
  category: ResourceCategory;
  quantity: number;
  status: ResourceStatus;
  owner_unit: string;
  owner_path: string;
  zone_code: string | null;
  location_name: string | null;
  lng: number | null;
  lat: number | null;
  assigned_request_id: string | null;
  assigned_unit: string | null;
  note: string | null;
  version: number;
  updated_at: Instant;
}

export interface NewResource {
  id: string;
  code: string;
  name: string;
  type: ResourceType;
  category: ResourceCategory;
  quantity: number;
  ownerUnit: string;
  ownerPath: string;
  zoneCode: string | null;
  locationName: string | null;
  lng: number | null;
  lat: number | null;
  note: string | null;
}

/** New resources; a code already taken is skipped (the seed may run on two instances). Returns the codes inserted. */
export async function insertResources(ex: Executor, rs: NewResource[]): Promise<string[]> {
  if (rs.length === 0) return [];
  const rows = rs.map((r) => sql`(${r.id}, ${r.code}, ${r.name}, ${r.type}, ${r.category}, ${r.quantity}, ${r.ownerUnit}, ${r.ownerPath}, ${r.zoneCode},
    ${r.locationName}, ${r.lng}, ${r.lat}, ${r.note})`);
  const made = await queryRows<{ code: string }>(ex, sql`INSERT INTO resources (id, code, name, type, category, quantity, owner_unit, owner_path, zone_code,
      location_name, lng, lat, note) VALUES ${sql.join(rows, sql`, `)} ON CONFLICT (code) DO NOTHING RETURNING code`);
  return made.map((r) => r.code);
}

const RESOURCE_COLUMNS = sql`id, code, name, type, category, quantity, status, owner_unit, owner_path, zone_code, location_name, lng, lat,
  assigned_request_id, assigned_unit, note, version, updated_at`;

export async function findResource(ex: Executor, id: string): Promise<ResourceRow | undefined> {
  const [row] = await queryRows<ResourceRow>(ex, sql`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE id = ${id}`);
  return row;
}

export async function listResources(ex: Executor, f: {
  scope: string[]; type?: string; category?: string; status?: string; zoneCode?: string; q?: string; ids?: string[]; limit: number; offset: number;
}): Promise<{ rows: ResourceRow[]; total: number }> {
  const conds: SQL[] = [underAny(sql`owner_path`, f.scope)];
  if (f.type) conds.push(sql`type = ${f.type}`);
  if (f.category) conds.push(sql`category = ${f.category}`);
  if (f.status) conds.push(sql`status = ${f.status}`);
  if (f.zoneCode) conds.push(sql`zone_code = ${f.zoneCode}`);
  if (f.q) conds.push(sql`(name LIKE ${`%${f.q}%`} OR code LIKE ${`%${f.q}%`} OR location_name LIKE ${`%${f.q}%`})`);
  if (f.ids) conds.push(sql`id = ANY(${toPgArray(f.ids)}::uuid[])`);
  const rows = await queryRows<ResourceRow & { total_rows: number }>(ex, sql`SELECT ${RESOURCE_COLUMNS}, count(*) OVER () AS total_rows FROM resources
    WHERE ${sql.join(conds, sql` AND `)} ORDER BY zone_code NULLS LAST, code LIMIT ${f.limit} OFFSET ${f.offset}`);
  return { rows, total: Number(rows[0]?.total_rows ?? 0) };
}

/** Position, notes, quantity, and status between available and out of service; making it available ends an assignment. */
/** Guarded by the version the caller read: undefined when someone (an approval) changed the resource since. */
export async function updateResource(ex: Executor, id: string, version: number, c: {
  status?: 'available' | 'out_of_service'; zoneCode?: string | null; locationName?: string | null; lng?: number | null; lat?: number | null;
  note?: string | null; quantity?: number;
}): Promise<ResourceRow | undefined> {
  const sets: SQL[] = [sql`version = version + 1`, sql`updated_at = now()`];
  if (c.status) sets.push(sql`status = ${c.status}`, sql`assigned_request_id = NULL`, sql`assigned_unit = NULL`);
  if (c.zoneCode !== undefined) sets.push(sql`zone_code = ${c.zoneCode}`);
  if (c.locationName !== undefined) sets.push(sql`location_name = ${c.locationName}`);
  if (c.lng !== undefined) sets.push(sql`lng = ${c.lng}`, sql`lat = ${c.lat ?? null}`);
  if (c.note !== undefined) sets.push(sql`note = ${c.note}`);
  if (c.quantity !== undefined) sets.push(sql`quantity = ${c.quantity}`);
  const [row] = await queryRows<ResourceRow>(ex, sql`UPDATE resources SET ${sql.join(sets, sql`, `)} WHERE id = ${id} AND version = ${version} RETURNING ${RESOURCE_COLUMNS}`);
  return row;
}

/** Closes the open assignment of a resource (it came back). */
export async function releaseAssignment(ex: Executor, resourceId: string): Promise<void> {
  await ex.execute(sql`UPDATE resource_assignments SET released_at = now() WHERE resource_id = ${resourceId} AND released_at IS NULL`);
}

/**
 * Assigns the resources to a request, guarded: each must be of the type, available and in the approver's scope.
 * Returns the ids that moved; fewer than asked means the caller rolls back (409).
 */
export async function assignResources(ex: Executor, a: { ids: string[]; type: string; requestId: string; unit: string; scope: string[] }): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(ex, sql`WITH moved AS (
      UPDATE resources SET status = 'assigned', assigned_request_id = ${a.requestId}, assigned_unit = ${a.unit}, version = version + 1, updated_at = now()
      WHERE id = ANY(${toPgArray(a.ids)}::uuid[]) AND status = 'available' AND type = ${a.type} AND ${underAny(sql`owner_path`, a.scope)}
      RETURNING id
    ), link AS (
      INSERT INTO resource_assignments (request_id, resource_id) SELECT ${a.requestId}, id FROM moved
    )
    SELECT id FROM moved`);
  return rows.map((r) => r.id);
}

// ---- requests

export interface RequestRow {
  id: string;
  ref: string;
  operation_id: string | null;
  requesting_unit: string;
  requesting_path: string;
  unit_name: string;
  resource_type: ResourceType;
  quantity: number;
  reason: string;
  needed_by: Instant | null;
  state: 'pending' | 'approved' | 'rejected' | 'fulfilled';
  requested_by_name: string;
  decided_by_name: string | null;
  decided_at: Instant | null;
  decision_note: string | null;
  fulfilled_at: Instant | null;
  created_at: Instant;
  resources: Array<{ id: string; code: string; name: string; status: string }>;
}

const REQUEST_COLUMNS = sql`r.id, r.ref, r.operation_id, r.requesting_unit, r.requesting_path, u.name AS unit_name, r.resource_type, r.quantity, r.reason,
  r.needed_by, r.state, r.requested_by_name, r.decided_by_name, r.decided_at, r.decision_note, r.fulfilled_at, r.created_at,
  coalesce((SELECT jsonb_agg(jsonb_build_object('id', x.id, 'code', x.code, 'name', x.name, 'status', x.status) ORDER BY x.code)
    FROM resource_assignments ra JOIN resources x ON x.id = ra.resource_id WHERE ra.request_id = r.id), '[]'::jsonb) AS resources`;

export async function nextRequestRef(ex: Executor, now: Date): Promise<string> {
  const [row] = await queryRows<{ n: number }>(ex, sql`SELECT nextval('resource_request_ref_seq') AS n`);
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `ZY${day}${String(Number(row!.n)).padStart(3, '0')}`;
}

export async function insertRequest(ex: Executor, r: {
  id: string; ref: string; operationId: string | null; unit: string; path: string; type: string; quantity: number; reason: string;
  neededBy: Date | null; by: string | null; byName: string;
}): Promise<void> {
  await ex.execute(sql`INSERT INTO resource_requests (id, ref, operation_id, requesting_unit, requesting_path, resource_type, quantity, reason, needed_by,
      requested_by, requested_by_name)
    VALUES (${r.id}, ${r.ref}, ${r.operationId}::uuid, ${r.unit}, ${r.path}, ${r.type}, ${r.quantity}, ${r.reason}, ${r.neededBy}, ${r.by}::uuid, ${r.byName})`);
}

export async function findRequest(ex: Executor, id: string): Promise<RequestRow | undefined> {
  const [row] = await queryRows<RequestRow>(ex, sql`SELECT ${REQUEST_COLUMNS} FROM resource_requests r JOIN units u ON u.code = r.requesting_unit WHERE r.id = ${id}`);
  return row;
}

export async function listRequests(ex: Executor, f: { scope: string[]; state?: string; operationId?: string; limit: number; offset: number }) {
  const conds: SQL[] = [underAny(sql`r.requesting_path`, f.scope)];
  if (f.state) conds.push(sql`r.state = ${f.state}`);
  if (f.operationId) conds.push(sql`r.operation_id = ${f.operationId}`);
  const rows = await queryRows<RequestRow & { total_rows: number }>(ex, sql`SELECT ${REQUEST_COLUMNS}, count(*) OVER () AS total_rows
    FROM resource_requests r JOIN units u ON u.code = r.requesting_unit WHERE ${sql.join(conds, sql` AND `)}
    ORDER BY (r.state = 'pending') DESC, r.created_at DESC LIMIT ${f.limit} OFFSET ${f.offset}`);
  return { rows, total: Number(rows[0]?.total_rows ?? 0) };
}

/** A request's state change, guarded in the UPDATE (`state = from`): of two deciders exactly one wins. */
export async function moveRequest(ex: Executor, id: string, from: RequestRow['state'], to: RequestRow['state'], d: {
  byName: string; by: string | null; note: string | null; at: Date;
}): Promise<boolean> {
  const sets = to === 'fulfilled'
    ? sql`fulfilled_at = ${d.at}, fulfilled_by_name = ${d.byName}`
    : sql`decided_by = ${d.by}::uuid, decided_by_name = ${d.byName}, decided_at = ${d.at}, decision_note = ${d.note}`;
  const rows = await queryRows<{ id: string }>(ex, sql`UPDATE resource_requests SET state = ${to}, updated_at = now(), ${sets}
    WHERE id = ${id} AND state = ${from} RETURNING id`);
  return rows.length > 0;
}
