import { can, scopeOf, type Actor } from '../../platform/access/actor.js';
import type { Executor } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import {
  childUnits, findBoardUnit, findRootUnit, findUnitByPath, listOpenOrders, listWarned, warnedCounts, warningTrend, type BoardUnit, type WarnedFilter,
} from './supervision-repository.js';
import { responsibilityListIds } from './item-links.js';
import type { ItemListInput } from './supervision-schemas.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
type RedYellow = { red: number; yellow: number };

/**
 * The unit a board view is about: the one asked for if it lies in the caller's scope, else 404 (as if it did
 * not exist); by default the top of the caller's scope (the district for the district centre, a street for
 * its own centre).
 */
export async function boardUnit(ex: Executor, actor: Actor, code?: string): Promise<BoardUnit> {
  const scope = scopeOf(actor, 'supervision:read');
  const top = scope[0] === '/' ? await findRootUnit(ex) : scope[0] ? await findUnitByPath(ex, scope[0]) : undefined;
  const unit = code ? await findBoardUnit(ex, code) : top;
  if (!unit || !can(actor, 'supervision:read', unit.path)) throw new AppError('NOT_FOUND', { what: 'unit', id: code ?? '' });
  return unit;
}

function add(into: RedYellow, level: 'red' | 'yellow', n: number): void {
  into[level] += n;
}

/**
 * 监督一览无余: red and yellow open items of every kind under the unit, per sub-unit (one level down) and kind,
 * with the unit's own items as a row of their own. Sub-units with the most red items come first.
 */
export async function board(ex: Executor, actor: Actor, under?: string) {
  const unit = await boardUnit(ex, actor, under);
  const [children, counts] = await Promise.all([childUnits(ex, unit.code), warnedCounts(ex, unit.path)]);
  const rows = new Map<string, { code: string; name: string; nameEn: string | null; kind: string; self: boolean; hasChildren: boolean; red: number; yellow: number; byKind: Record<string, RedYellow> }>();
  rows.set('', { code: unit.code, name: unit.name, nameEn: unit.name_en, kind: unit.kind, self: true, hasChildren: false, red: 0, yellow: 0, byKind: {} });
  for (const c of children) {
    rows.set(c.code, { code: c.code, name: c.name, nameEn: c.name_en, kind: c.kind, self: false, hasChildren: c.has_children, red: 0, yellow: 0, byKind: {} });
  }
  const totals = { red: 0, yellow: 0, byKind: {} as Record<string, RedYellow> };
  for (const c of counts) {
    let row = rows.get(c.child);
    // An item owned by a sub-unit since deactivated still counts, under its own name.
    if (!row) {
      const u = await findBoardUnit(ex, c.child);
      row = { code: c.child, name: u?.name ?? c.child, nameEn: u?.name_en ?? null, kind: u?.kind ?? 'unknown', self: false, hasChildren: false, red: 0, yellow: 0, byKind: {} };
      rows.set(c.child, row);
    }
    add(row, c.warn_level, c.n);
    add((row.byKind[c.kind] ??= { red: 0, yellow: 0 }), c.warn_level, c.n);
    add(totals, c.warn_level, c.n);
    add((totals.byKind[c.kind] ??= { red: 0, yellow: 0 }), c.warn_level, c.n);
  }
  const [self, ...subs] = [...rows.values()];
  subs.sort((a, b) => b.red - a.red || b.yellow - a.yellow || a.code.localeCompare(b.code));
  const parent = unit.parent_code ? await findBoardUnit(ex, unit.parent_code) : undefined;
  return {
    unit: { code: unit.code, name: unit.name, nameEn: unit.name_en, kind: unit.kind, parentCode: parent && can(actor, 'supervision:read', parent.path) ? parent.code : null },
    totals,
    units: [self!, ...subs],
    generatedAt: new Date().toISOString(),
  };
}

/** The filter of a red/yellow list: the unit asked for (in scope) or the top of the caller's scope. */
export async function warnedFilter(ex: Executor, actor: Actor, q: Omit<ItemListInput, 'limit' | 'offset'>): Promise<WarnedFilter & { unit: BoardUnit }> {
  const unit = await boardUnit(ex, actor, q.unit);
  return { unit, path: unit.path, own: q.own === 'true', kind: q.kind, level: q.level };
}

export async function warnedItems(ex: Executor, actor: Actor, q: ItemListInput) {
  const f = await warnedFilter(ex, actor, q);
  const { rows, total } = await listWarned(ex, f, q);
  const lists = await responsibilityListIds(ex, rows);
  return {
    total,
    items: rows.map((r) => ({
      id: r.id, kind: r.kind, ref: r.ref, title: r.title, state: r.state, warnLevel: r.warn_level,
      ownerUnit: r.owner_unit, ownerName: r.owner_name, ownerNameEn: r.owner_name_en, groupCode: r.group_code, groupName: r.group_name,
      deadlineAt: iso(r.deadline_at), escalatedTo: r.escalated_to, escalatedName: r.escalated_name, supervised: r.supervised, openOrders: Number(r.open_orders),
      listId: lists.get(r.id) ?? null,
    })),
  };
}

/** `YYYY-MM-DD` of a Beijing calendar day. */
const beijingDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Items turning yellow and red per Beijing day over the last `days` days (today included), zeros filled in. */
export async function trend(ex: Executor, actor: Actor, q: { under?: string; kind?: string; days: number }, now = new Date()) {
  const unit = await boardUnit(ex, actor, q.under);
  const today = beijingDate(now);
  const first = new Date(Date.parse(`${today}T00:00:00+08:00`) - (q.days - 1) * 86_400_000);
  const rows = await warningTrend(ex, unit.path, first, q.kind);
  const days = Array.from({ length: q.days }, (_, i) => ({ day: beijingDate(new Date(first.getTime() + i * 86_400_000)), yellow: 0, red: 0 }));
  const index = new Map(days.map((d, i) => [d.day, i]));
  const byKind: Record<string, RedYellow> = {};
  for (const r of rows) {
    const level = r.action === 'overdue' ? 'red' : 'yellow';
    const i = index.get(r.day);
    if (i !== undefined) days[i]![level] += r.n;
    add((byKind[r.kind] ??= { red: 0, yellow: 0 }), level, r.n);
  }
  return { days, byKind };
}

export async function openOrders(ex: Executor, actor: Actor, q: { under?: string; kind?: string; limit: number; offset: number }, now = new Date()) {
  const unit = await boardUnit(ex, actor, q.under);
  const { rows, total } = await listOpenOrders(ex, unit.path, q.kind, q);
  const lists = await responsibilityListIds(ex, rows.map((r) => ({ id: r.item_id, kind: r.kind })));
  return {
    total,
    items: rows.map((r) => ({
      id: r.id, level: r.level, issuerUnit: r.issuer_unit, issuerName: r.issuer_name, issuerNameEn: r.issuer_name_en, note: r.note,
      deadlineAt: iso(r.deadline_at), createdAt: iso(r.created_at)!,
      overdue: r.deadline_at !== null && new Date(r.deadline_at).getTime() < now.getTime(),
      item: {
        id: r.item_id, kind: r.kind, ref: r.ref, title: r.title, state: r.state, warnLevel: r.warn_level,
        ownerUnit: r.owner_unit, ownerName: r.owner_name, ownerNameEn: r.owner_name_en, deadlineAt: iso(r.item_deadline_at),
        listId: lists.get(r.item_id) ?? null,
      },
    })),
  };
}
