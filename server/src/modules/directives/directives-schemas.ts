import { z } from 'zod';
import { ROLES } from '../../platform/access/roles.js';
import { UnitCode } from '../../platform/http/schemas.js';
import { RECEIPT_STATES } from './receipt-machine.js';

/** A time limit from the moment a receipt is made (working units follow the holiday calendar), or an instant. */
export const Deadline = z.union([
  z.strictObject({
    amount: z.number().positive().max(10_000),
    unit: z.enum(['workMinute', 'workHour', 'workDay', 'minute', 'hour']),
  }),
  z.strictObject({ at: z.iso.datetime({ offset: true }) }),
]).describe('{amount, unit} counted from when the receipt is made (working units skip holidays), or {at} an absolute instant');
export type DeadlineInput = z.infer<typeof Deadline>;

const TARGET_KINDS = ['street', 'community', 'grid', 'department', 'task_force', 'command_post', 'zone'] as const;

/** Who receives: named units, whole levels under a unit, and units where a role is held. Duplicates count once. */
export const TargetSelector = z.strictObject({
  units: z.array(UnitCode).max(20_000).optional().describe('Unit codes, e.g. departments D-CGJ'),
  levels: z.array(z.strictObject({ kind: z.enum(TARGET_KINDS), under: UnitCode })).max(50).optional()
    .describe('Every unit of a kind under a unit, e.g. {kind:"grid", under:"500103003"}'),
  roles: z.array(z.strictObject({ role: z.enum(ROLES), under: UnitCode.optional() })).max(20).optional()
    .describe('Every unit where someone holds the role (optionally under a unit)'),
}).refine((t) => Boolean(t.units?.length || t.levels?.length || t.roles?.length), { message: 'Choose at least one target' });
export type TargetInput = z.infer<typeof TargetSelector>;

const Title = z.string().trim().min(2).max(200);
const Body = z.string().trim().min(1).max(20_000);
const AttachmentIds = z.array(z.uuid()).max(20);

export const CreateDirectiveBody = z.strictObject({
  title: Title,
  body: Body,
  attachmentIds: AttachmentIds.optional(),
  targets: TargetSelector,
  requires: z.strictObject({
    report: z.boolean().default(false).describe('Each unit reports its execution (反馈落实)'),
    forward: z.boolean().default(true).describe('Units may forward the directive to their sub-units (转发)'),
  }).default({ report: false, forward: true }),
  signBy: Deadline,
  reportBy: Deadline.optional().describe('Required when requires.report'),
  issuerUnit: UnitCode.optional().describe('Which of my units issues it (default: my first unit allowed to issue)'),
});
export type CreateDirectiveInput = z.infer<typeof CreateDirectiveBody>;

export const AmendDirectiveBody = z.strictObject({
  title: Title.optional(),
  body: Body.optional(),
  attachmentIds: AttachmentIds.optional(),
  signBy: Deadline.optional(),
  reportBy: Deadline.optional(),
  note: z.string().trim().min(2).max(2000).describe('Why it changed (shown to the recipients)'),
});
export type AmendDirectiveInput = z.infer<typeof AmendDirectiveBody>;

export const RecallDirectiveBody = z.strictObject({ reason: z.string().trim().min(2).max(2000) });

export const IdParams = z.strictObject({ id: z.uuid() });

export const DirectiveListQuery = z.strictObject({
  state: z.enum(['active', 'recalled']).optional(),
  issued: z.enum(['true', 'false']).optional().describe('Only directives issued by my units'),
  q: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ProgressQuery = z.strictObject({
  under: UnitCode.optional().describe('The node to expand (default: the top of what I may see)'),
});

const STATE_LIST = new RegExp(`^(${RECEIPT_STATES.join('|')})(,(${RECEIPT_STATES.join('|')}))*$`);

export const ReceiptListQuery = z.strictObject({
  mine: z.enum(['true', 'false']).optional().describe('Only receipts addressed to my own units (not their sub-units)'),
  directiveId: z.uuid().optional(),
  state: z.string().regex(STATE_LIST).optional(),
  warn: z.enum(['none', 'yellow', 'red']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const SignBody = z.strictObject({ note: z.string().trim().max(2000).nullable().optional() });
export const ForwardBody = z.strictObject({ targets: TargetSelector, note: z.string().trim().max(2000).nullable().optional() });
export const ReportBody = z.strictObject({
  text: z.string().trim().min(2).max(5000),
  figures: z.record(z.string().min(1).max(40), z.number()).optional()
    .refine((f) => !f || Object.keys(f).length <= 50, { message: 'At most 50 figures' })
    .describe('Named figures, e.g. {"出动人员": 35, "排查点位": 12}'),
  attachmentIds: AttachmentIds.optional().describe('Photo attachment ids'),
});
export const SuperviseBody = z.strictObject({
  note: z.string().trim().min(2).max(2000),
  deadlineAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

// ---- responses

export const Counts = z.object({
  total: z.number().int(), pending: z.number().int(), signed: z.number().int(), forwarded: z.number().int(),
  reported: z.number().int(), warning: z.number().int(), overdue: z.number().int(), recalled: z.number().int(),
});

export const DirectiveSummary = z.object({
  id: z.string(), ref: z.string(), title: z.string(), state: z.string(), version: z.number().int(),
  issuerUnit: z.string(), issuerName: z.string(), issuedAt: z.string(), reportDeadlineAt: z.string().nullable(),
  requires: z.object({ report: z.boolean(), forward: z.boolean() }),
  progress: Counts.describe('Receipts in my scope'),
});

const Change = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() });

export const VersionView = z.object({
  version: z.number().int(), title: z.string(), body: z.string(), attachmentIds: z.array(z.string()),
  signBy: z.record(z.string(), z.unknown()), reportBy: z.record(z.string(), z.unknown()).nullable(), reportDeadlineAt: z.string().nullable(),
  changes: z.array(Change), note: z.string().nullable(), authorName: z.string(), createdAt: z.string(),
});

export const ProgressNode = z.object({
  code: z.string(), name: z.string(), kind: z.string(), parentCode: z.string().nullable(),
  receipt: z.object({ id: z.string(), state: z.string(), warnLevel: z.string() }).nullable().describe('This unit\'s own receipt'),
  hasChildren: z.boolean(),
  counts: Counts.describe('Receipts at this unit and below'),
});

export const Progress = z.object({ node: ProgressNode.nullable(), children: z.array(ProgressNode) });

export const DirectiveDetail = DirectiveSummary.extend({
  body: z.string(), attachmentIds: z.array(z.string()), signBy: z.record(z.string(), z.unknown()),
  reportBy: z.record(z.string(), z.unknown()).nullable(), targets: z.record(z.string(), z.unknown()),
  recalledAt: z.string().nullable(), recallReason: z.string().nullable(),
  canManage: z.boolean().describe('I may amend or recall it'),
  versions: z.array(VersionView),
  tree: Progress,
});

export const ReceiptSummary = z.object({
  id: z.string(), ref: z.string(), directiveId: z.string(), directiveRef: z.string(), title: z.string(), state: z.string(),
  unitCode: z.string(), unitName: z.string(), parentId: z.string().nullable(), warnLevel: z.string(), stage: z.string().nullable(),
  deadlineAt: z.string().nullable(), supervised: z.boolean(), version: z.number().int().describe('The directive\'s current version'),
  signedVersion: z.number().int().nullable(), signedAt: z.string().nullable(), reportedAt: z.string().nullable(), createdAt: z.string(),
});

export const ReceiptDetail = ReceiptSummary.extend({
  directive: z.object({
    title: z.string(), body: z.string(), attachmentIds: z.array(z.string()), issuerUnit: z.string(), issuerName: z.string(),
    state: z.string(), requires: z.object({ report: z.boolean(), forward: z.boolean() }), reportDeadlineAt: z.string().nullable(),
  }),
  changesSinceSigned: z.array(z.object({ version: z.number().int(), note: z.string().nullable(), changes: z.array(Change) }))
    .describe('What changed in versions after the one this unit signed (to re-confirm)'),
  signLate: z.boolean().nullable(), reportLate: z.boolean().nullable(), reportText: z.string().nullable(),
  reportFigures: z.record(z.string(), z.number()).nullable(), reportAttachmentIds: z.array(z.string()),
  allowedActions: z.array(z.string()),
  children: z.array(z.object({ id: z.string(), unitCode: z.string(), unitName: z.string(), state: z.string(), warnLevel: z.string() })),
  timeline: z.array(z.object({
    at: z.string(), actorName: z.string(), action: z.string(), fromState: z.string().nullable(), toState: z.string().nullable(),
    unitCode: z.string().nullable(), note: z.string().nullable(), data: z.record(z.string(), z.unknown()),
  })),
  supervision: z.array(z.object({ level: z.string(), issuerUnit: z.string(), note: z.string(), deadlineAt: z.string().nullable(), createdAt: z.string() })),
});

export const ReceiptActionResult = z.object({
  id: z.string(), ref: z.string(), state: z.string(), deadlineAt: z.string().nullable(), warnLevel: z.string(),
});

export const UrgeDirectiveBody = z.strictObject({
  what: z.enum(['sign', 'report']).default('sign').describe('sign = 催签收 (not signed yet), report = 催反馈 (signed, not reported)'),
  note: z.string().trim().min(1).max(500).optional(),
});

export const UrgeReceiptBody = z.strictObject({ note: z.string().trim().min(1).max(500).optional() });
