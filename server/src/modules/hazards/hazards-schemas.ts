import { z } from 'zod';
import { UnitCode } from '../../platform/http/schemas.js';
import { TargetSelector } from '../directives/directives-schemas.js';
import { HAZARD_STATES } from './hazard-machine.js';

export const GRADES = ['ordinary', 'major'] as const;
export const SOURCES = ['round', 'patrol', 'tipoff', 'check'] as const;

const SectorCode = z.string().min(2).max(32).regex(/^[a-z][a-z0-9_-]*$/).describe('A sector code, e.g. fire, gas, construction');
const Text = (max: number) => z.string().trim().min(1).max(max);
const Note = z.string().trim().max(2000).nullable().optional();

/** A deadline: working days from now (the holiday calendar skips weekends and holidays), or an instant. */
export const Deadline = z.union([
  z.strictObject({ amount: z.number().int().min(1).max(250), unit: z.literal('workDay') }),
  z.strictObject({ at: z.iso.datetime({ offset: true }) }),
]).describe('{amount, unit: "workDay"} counted from now on the working-day calendar, or {at} an absolute instant');
export type DeadlineInput = z.infer<typeof Deadline>;

export const IdParams = z.strictObject({ id: z.uuid() });
export const ChecklistParams = z.strictObject({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

// ---- checklists

export const ChecklistQuery = z.strictObject({
  sector: SectorCode.optional(),
  includeInactive: z.enum(['true', 'false']).optional().describe('Also lines taken out of use'),
});

export const CreateChecklistItemBody = z.strictObject({
  sector: SectorCode,
  title: Text(300).describe('检查内容 What to check'),
  titleEn: Text(300).nullable().optional(),
  basis: Text(300).nullable().optional().describe('法律依据 The rule it checks'),
  majorHint: z.boolean().default(false).describe('A failed line is usually a 重大 finding'),
  seq: z.number().int().min(1).max(999).optional().describe('Position in the sector (default: last)'),
});

export const UpdateChecklistItemBody = z.strictObject({
  title: Text(300).optional(),
  titleEn: Text(300).nullable().optional(),
  basis: Text(300).nullable().optional(),
  majorHint: z.boolean().optional(),
  active: z.boolean().optional(),
  seq: z.number().int().min(1).max(999).optional(),
}).refine((b) => Object.keys(b).length > 0, { message: 'Change at least one field' });

export const ChecklistItem = z.object({
  id: z.number().int(), sector: z.string(), seq: z.number().int(), title: z.string(), titleEn: z.string().nullable(),
  basis: z.string().nullable(), majorHint: z.boolean(), active: z.boolean(), updatedAt: z.string(), updatedBy: z.string().nullable(),
});

export const Sector = z.object({
  code: z.string(), name: z.string(), nameEn: z.string(), leadUnit: z.string().nullable(), leadUnitName: z.string().nullable(), items: z.array(ChecklistItem),
});

export const Checklists = z.object({ sectors: z.array(Sector), canManage: z.boolean().describe('I may edit the checklists') });

// ---- findings

export const CreateHazardBody = z.strictObject({
  sector: SectorCode.optional().describe('Required unless checklistItemId names the line (its sector is used)'),
  checklistItemId: z.number().int().min(1).optional(),
  taskId: z.uuid().optional().describe('The inspection task (of a round) this finding belongs to'),
  grade: z.enum(GRADES).describe('ordinary = 一般隐患, major = 重大隐患 (district supervision at once)'),
  source: z.enum(['patrol', 'tipoff', 'check']).optional().describe('How it was found when not in a round: 日常巡查, 群众举报, 部门检查'),
  description: z.string().trim().min(2).max(2000),
  subjectName: Text(200).nullable().optional().describe('被检查单位 The place or enterprise'),
  creditCode: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/).nullable().optional().describe('统一社会信用代码 (18 characters)'),
  legalBasis: Text(500).nullable().optional().describe('Default: the checklist line\'s basis'),
  address: Text(200).nullable().optional(),
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  inspectUnit: UnitCode.optional().describe('Which of my units found it (default: the task\'s unit, else my first inspecting unit)'),
}).refine((b) => b.sector !== undefined || b.checklistItemId !== undefined, { message: 'Give a sector or a checklist line', path: ['sector'] });
export type CreateHazardInput = z.infer<typeof CreateHazardBody>;

const STATE_LIST = new RegExp(`^(${HAZARD_STATES.join('|')})(,(${HAZARD_STATES.join('|')}))*$`);

export const HazardFilters = {
  grade: z.enum(GRADES).optional(),
  state: z.string().regex(STATE_LIST).optional().describe('One or more states, comma-separated'),
  sector: SectorCode.optional(),
  warn: z.enum(['none', 'yellow', 'red']).optional(),
  roundId: z.uuid().optional(),
  taskId: z.uuid().optional(),
  street: UnitCode.optional(),
  supervised: z.enum(['true', 'false']).optional(),
  mine: z.enum(['true', 'false']).optional().describe('Only findings I reported'),
  q: z.string().trim().max(64).optional().describe('Ref, or words of the description, place or address'),
};

export const HazardListQuery = z.strictObject({
  ...HazardFilters,
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export const HazardExportQuery = z.strictObject(HazardFilters);
export type HazardFilterInput = z.infer<typeof HazardExportQuery>;

export const AssignBody = z.strictObject({ unitCode: UnitCode.describe('A department, task force, or the finding\'s street'), note: Note });
export type AssignInput = z.infer<typeof AssignBody>;

export const PlanBody = z.strictObject({
  responsiblePerson: z.string().trim().max(50).nullable().optional().describe('责任 The person answerable for the fix'),
  responsiblePhone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/).nullable().optional(),
  measures: z.string().trim().max(2000).nullable().optional().describe('措施'),
  funding: z.number().min(0).max(1e10).nullable().optional().describe('资金 in yuan'),
  deadline: Deadline.optional().describe('时限'),
  contingencyPlan: z.string().trim().max(2000).nullable().optional().describe('预案'),
  interimMeasures: z.string().trim().max(2000).nullable().optional().describe('临时措施 until it is fixed'),
  note: Note,
});
export type PlanInput = z.infer<typeof PlanBody>;

export const ReportRectifiedBody = z.strictObject({ note: z.string().trim().min(2).max(2000).describe('What was done') });

export const ReinspectBody = z.strictObject({
  result: z.enum(['pass', 'fail']),
  note: z.string().trim().max(2000).nullable().optional().describe('Required when it fails: what is still wrong'),
  deadline: Deadline.optional().describe('On fail: the new rectification deadline (default 5 working days)'),
});

export const CloseBody = z.strictObject({ note: Note });
export const CancelBody = z.strictObject({ reason: z.string().trim().min(2).max(2000) });
export const SuperviseBody = z.strictObject({
  note: z.string().trim().min(2).max(2000),
  deadlineAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

const Iso = z.string();

export const HazardSummary = z.object({
  id: z.string(), ref: z.string(), title: z.string(), state: z.string(), grade: z.string(), sector: z.string(), sectorName: z.string(),
  description: z.string(), subjectName: z.string().nullable(), address: z.string().nullable(),
  gridCode: z.string(), gridName: z.string().nullable(), streetCode: z.string(), streetName: z.string().nullable(),
  ownerUnit: z.string(), ownerUnitName: z.string().nullable(), inspectUnit: z.string(), inspectUnitName: z.string().nullable(),
  rectifyUnit: z.string().nullable(), rectifyUnitName: z.string().nullable(), finderName: z.string(), foundAt: Iso,
  stage: z.string().nullable(), deadlineAt: Iso.nullable(), rectifyDeadline: Iso.nullable(), warnLevel: z.string(), supervised: z.boolean(),
  supervisionLevel: z.string().nullable().describe('district | department | street: the highest order on it'), roundId: z.string().nullable(), roundName: z.string().nullable(), closedAt: Iso.nullable(),
});

export const HazardDetail = HazardSummary.extend({
  source: z.string(), checklistItemId: z.number().int().nullable(), checklistTitle: z.string().nullable(), legalBasis: z.string().nullable(),
  creditCode: z.string().nullable(), lng: z.number(), lat: z.number(), taskId: z.string().nullable(),
  plan: z.object({
    responsiblePerson: z.string().nullable(), responsiblePhone: z.string().nullable(), measures: z.string().nullable(),
    funding: z.number().nullable(), contingencyPlan: z.string().nullable(), interimMeasures: z.string().nullable(), plannedAt: Iso.nullable(),
  }),
  rectifiedAt: Iso.nullable(), rectifyNote: z.string().nullable(),
  reinspection: z.object({
    reinspectorName: z.string().nullable(), at: Iso.nullable(), result: z.string().nullable(), note: z.string().nullable(), failed: z.number().int(),
  }),
  closedOutAt: Iso.nullable(), closedOutBy: z.string().nullable(),
  fiveInPlace: z.array(z.string()).describe('The plan fields this grade requires'),
  allowedActions: z.array(z.string()).describe('What I may do now: assign, plan, reportRectified, reinspect, close, cancel, supervise'),
  assignableUnits: z.array(z.object({ code: z.string(), name: z.string(), kind: z.string() }))
    .describe('Where I may hand it (when I may assign it): the departments, task forces and its street'),
  photos: z.array(z.object({
    id: z.string(), stage: z.string(), url: z.string(), thumbUrl: z.string(), uploaderName: z.string().nullable(), createdAt: Iso,
  })),
  timeline: z.array(z.object({
    at: Iso, actorName: z.string(), action: z.string(), fromState: z.string().nullable(), toState: z.string().nullable(),
    unitCode: z.string().nullable(), note: z.string().nullable(), data: z.record(z.string(), z.unknown()),
  })),
  supervision: z.array(z.object({ level: z.string(), issuerUnit: z.string(), note: z.string(), deadlineAt: Iso.nullable(), createdAt: Iso })),
});

export const HazardCreated = z.object({
  id: z.string(), ref: z.string(), state: z.string(), grade: z.string(), gridCode: z.string(), streetCode: z.string(), supervised: z.boolean(),
});

export const HazardActionResult = z.object({
  id: z.string(), ref: z.string(), state: z.string(), ownerUnit: z.string(), deadlineAt: Iso.nullable(), warnLevel: z.string(),
});

// ---- rounds and tasks

export const CreateRoundBody = z.strictObject({
  name: z.string().trim().min(2).max(200),
  sectors: z.array(SectorCode).min(1).max(20),
  startsOn: z.iso.date(),
  endsOn: z.iso.date(),
  targets: TargetSelector.describe('Named units, or every unit of a kind under a unit (e.g. every grid of a street)'),
  note: z.string().trim().max(2000).nullable().optional(),
  issuerUnit: UnitCode.optional().describe('Which of my units sends it (default: my first unit that manages hazards)'),
}).refine((b) => b.endsOn >= b.startsOn, { message: 'The period ends before it starts', path: ['endsOn'] });
export type CreateRoundInput = z.infer<typeof CreateRoundBody>;

export const RoundListQuery = z.strictObject({
  q: z.string().trim().max(64).optional(),
  from: z.iso.date().optional().describe('Only rounds whose period ends on or after this day'),
  to: z.iso.date().optional().describe('Only rounds whose period starts on or before this day'),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export const RoundProgressQuery = z.strictObject({
  state: z.enum(['open', 'done', 'overdue']).optional().describe('Only targets whose task is open, done, or open past the period'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const Counts = z.object({
  tasks: z.number().int(), done: z.number().int(), overdue: z.number().int(), findings: z.number().int(), major: z.number().int(),
  open: z.number().int().describe('Findings not yet closed out'),
  rectified: z.number().int().describe('Findings reported rectified (awaiting re-inspection, accepted or closed out)'), closed: z.number().int(),
});

export const RoundSummary = z.object({
  id: z.string(), ref: z.string(), name: z.string(), sectors: z.array(z.string()), startsOn: z.string(), endsOn: z.string(),
  issuerUnit: z.string(), issuerName: z.string(), createdAt: Iso, progress: Counts.describe('Tasks and findings in my scope'),
});

export const TargetProgress = z.object({
  taskId: z.string(), unitCode: z.string(), unitName: z.string(), unitKind: z.string(), state: z.string(), overdue: z.boolean(),
  doneAt: Iso.nullable(), doneNote: z.string().nullable(),
  findings: z.number().int(), major: z.number().int(), open: z.number().int(), closed: z.number().int(),
});

export const RoundDetail = RoundSummary.extend({
  note: z.string().nullable(), targets: z.record(z.string(), z.unknown()),
  targetPage: z.object({ items: z.array(TargetProgress), total: z.number().int() }).describe('Per target unit, in unit order'),
});

export const TaskListQuery = z.strictObject({
  mine: z.enum(['true', 'false']).optional().describe('Only tasks of my own units (not their sub-units)'),
  state: z.enum(['open', 'done']).optional(),
  roundId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export const TaskSummary = TargetProgress.extend({
  roundId: z.string(), roundRef: z.string(), roundName: z.string(), sectors: z.array(z.string()), startsOn: z.string(), endsOn: z.string(),
  note: z.string().nullable(),
});

export const CompleteTaskBody = z.strictObject({ note: z.string().trim().max(2000).nullable().optional().describe('e.g. 排查 12 处，未发现隐患') });
