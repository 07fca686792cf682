import { z } from 'zod';
import { UnitCode } from '../../platform/http/schemas.js';

/** The work item kinds the board knows; a kind added later shows up in the counts before it is listed here. */
export const ITEM_KINDS = ['case', 'receipt', 'task', 'milestone', 'hazard'] as const;
export const WARN_LEVELS = ['red', 'yellow'] as const;

const Kind = z.enum(ITEM_KINDS);
const Level = z.enum(WARN_LEVELS);

export const BoardQuery = z.strictObject({
  under: UnitCode.optional().describe('The unit whose sub-units are broken down (default: the top of my scope)'),
});

export const ItemListQuery = z.strictObject({
  unit: UnitCode.optional().describe('Items owned in this unit\'s subtree (default: the top of my scope)'),
  own: z.enum(['true', 'false']).optional().describe('Only items owned by the unit itself, not its sub-units'),
  kind: Kind.optional(),
  level: Level.optional().describe('red = overdue, yellow = past the 75 % line'),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ItemListInput = z.infer<typeof ItemListQuery>;

export const ItemExportQuery = ItemListQuery.omit({ limit: true, offset: true });

export const TrendQuery = z.strictObject({
  under: UnitCode.optional(),
  kind: Kind.optional(),
  days: z.coerce.number().int().min(7).max(90).default(30),
});

export const OrderListQuery = z.strictObject({
  under: UnitCode.optional(),
  kind: Kind.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

// ---- responses

const UnitView = z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), kind: z.string() });
const RedYellow = z.object({ red: z.number().int(), yellow: z.number().int() });

export const Board = z.object({
  unit: UnitView.extend({ parentCode: z.string().nullable().describe('Set when the parent is in my scope (to go back up)') }),
  totals: RedYellow.extend({ byKind: z.record(z.string(), RedYellow) }),
  units: z.array(UnitView.extend({
    self: z.boolean().describe('The unit itself (items it owns directly), not a sub-unit'),
    hasChildren: z.boolean(),
    byKind: z.record(z.string(), RedYellow),
  }).extend(RedYellow.shape)).describe('The unit itself and each sub-unit, most overdue first'),
  generatedAt: z.string(),
});

export const WarnedItem = z.object({
  id: z.string(), kind: z.string(), ref: z.string(), title: z.string(), state: z.string(), warnLevel: z.string(),
  ownerUnit: z.string(), ownerName: z.string(), ownerNameEn: z.string().nullable(),
  groupCode: z.string().nullable().describe('The sub-unit of the board\'s unit the item lies in (null: the unit itself)'),
  groupName: z.string().nullable(),
  deadlineAt: z.string().nullable(), escalatedTo: z.string().nullable().describe('The unit the sweep escalated it to (the owner\'s parent)'),
  escalatedName: z.string().nullable(), supervised: z.boolean(),
  openOrders: z.number().int().describe('Open supervision orders on the item'),
  listId: z.string().nullable().describe('task / milestone: the responsibility list it belongs to (its page)'),
});

export const Trend = z.object({
  days: z.array(z.object({ day: z.string(), yellow: z.number().int(), red: z.number().int() })),
  byKind: z.record(z.string(), RedYellow).describe('Totals over the period per kind'),
});

export const OrderView = z.object({
  id: z.string(), level: z.string(), issuerUnit: z.string(), issuerName: z.string(), issuerNameEn: z.string().nullable(),
  note: z.string(), deadlineAt: z.string().nullable(), createdAt: z.string(),
  overdue: z.boolean().describe('The order\'s own deadline has passed'),
  item: z.object({
    id: z.string(), kind: z.string(), ref: z.string(), title: z.string(), state: z.string(), warnLevel: z.string(),
    ownerUnit: z.string(), ownerName: z.string(), ownerNameEn: z.string().nullable(), deadlineAt: z.string().nullable(),
    listId: z.string().nullable().describe('task / milestone: the responsibility list it belongs to'),
  }),
});
