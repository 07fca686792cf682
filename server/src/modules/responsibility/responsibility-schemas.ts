import { z } from 'zod';
import { UnitCode } from '../../platform/http/schemas.js';
import { TASK_STATES } from './task-machines.js';

export const SOURCE_KINDS = ['meeting', 'plan', 'directive'] as const;

/** When a milestone is due: an instant, or a span from now (working days skip weekends and holidays). */
export const Due = z.union([
  z.strictObject({ at: z.iso.datetime({ offset: true }) }),
  z.strictObject({ amount: z.number().int().min(1).max(1000), unit: z.enum(['workDay', 'day']) }),
]).describe('{at} an instant in the future, or {amount, unit} working days / calendar days from now');

const Text = (min: number, max: number) => z.string().trim().min(min).max(max);
// Mainland mobile or landline, digits with an optional area-code dash.
const Phone = z.string().trim().regex(/^[0-9+][0-9-]{4,19}$/);
const AttachmentIds = z.array(z.uuid()).max(20);

export const MilestoneInput = z.strictObject({
  name: Text(2, 200),
  due: Due,
});

export const TaskInput = z.strictObject({
  title: Text(2, 200),
  description: z.string().trim().max(5000).optional(),
  ownerUnit: UnitCode.describe('The responsible unit: in the issuer\'s subtree, or a department'),
  responsible: z.strictObject({ name: Text(1, 50), phone: Phone.nullable().optional() }).describe('责任人'),
  milestones: z.array(MilestoneInput).min(1).max(20),
});

export const CreateListBody = z.strictObject({
  title: Text(2, 200),
  source: z.strictObject({
    kind: z.enum(SOURCE_KINDS).describe('例会 regular meeting / 方案 plan / 指令 directive'),
    ref: z.string().trim().max(200).default('').describe('Which meeting, plan or directive (free text)'),
  }),
  issuerUnit: UnitCode.optional().describe('Which of my units issues it (default: my first unit with task:manage)'),
  tasks: z.array(TaskInput).min(1).max(200),
});
export type CreateListInput = z.infer<typeof CreateListBody>;

export const IdParams = z.strictObject({ id: z.uuid() });

const STATE_LIST = new RegExp(`^(${TASK_STATES.join('|')})(,(${TASK_STATES.join('|')}))*$`);

const ListFilters = {
  state: z.enum(['open', 'completed']).optional().describe('open: some task still open; completed: none'),
  source: z.enum(SOURCE_KINDS).optional(),
  issued: z.enum(['true', 'false']).optional().describe('Only lists issued by my units'),
  q: z.string().max(64).optional().describe('Title, source or list number'),
};

export const ListQuery = z.strictObject({
  ...ListFilters,
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export const ListExportQuery = z.strictObject(ListFilters);

export const TaskListQuery = z.strictObject({
  mine: z.enum(['true', 'false']).optional().describe('Only tasks owned by my own units (where I hold task:report)'),
  listId: z.uuid().optional(),
  state: z.string().regex(STATE_LIST).optional().describe('Task states, comma separated'),
  warn: z.enum(['none', 'yellow', 'red']).optional().describe('The worst warning among the task\'s open milestones'),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ProgressBody = z.strictObject({
  progress: z.number().int().min(0).max(100),
  text: Text(2, 5000),
  figures: z.record(z.string().min(1).max(40), z.number()).optional()
    .refine((f) => !f || Object.keys(f).length <= 50, { message: 'At most 50 figures' })
    .describe('Named figures, e.g. {"完成投资(万元)": 320}'),
  attachmentIds: AttachmentIds.optional().describe('Photos uploaded to the milestone (POST /api/work-items/:id/attachments)'),
  complete: z.boolean().optional().describe('Completes the milestone whatever the percentage (as does 100)'),
});
export type ProgressInput = z.infer<typeof ProgressBody>;

export const RescheduleBody = z.strictObject({ due: Due, reason: Text(2, 2000) });
export const CancelBody = z.strictObject({ reason: Text(2, 2000) });
export const SuperviseBody = z.strictObject({
  note: Text(2, 2000),
  deadlineAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

// ---- responses

export const ListCounts = z.object({
  tasks: z.number().int(), openTasks: z.number().int(), completedTasks: z.number().int(), cancelledTasks: z.number().int(),
  milestones: z.number().int(), completedMilestones: z.number().int(), lateMilestones: z.number().int().describe('Completed after their due date'),
  warning: z.number().int().describe('Open milestones past their yellow line'), overdue: z.number().int().describe('Open milestones past due'),
});

export const ListSummary = z.object({
  id: z.string(), ref: z.string(), title: z.string(), sourceKind: z.string(), sourceRef: z.string(),
  issuerUnit: z.string(), issuerUnitName: z.string(), issuerName: z.string(), createdAt: z.string(),
  state: z.enum(['open', 'completed']), nextDueAt: z.string().nullable().describe('The earliest due date of an open milestone'),
  counts: ListCounts.describe('Tasks and milestones in my scope'),
});

export const MilestoneView = z.object({
  id: z.string(), ref: z.string(), seq: z.number().int(), name: z.string(), state: z.string(), warnLevel: z.string(),
  supervised: z.boolean(), startAt: z.string().describe('When its clock started (creation or last reschedule)'),
  warnAt: z.string().nullable(), dueAt: z.string(), dueSpec: z.record(z.string(), z.unknown()), doneAt: z.string().nullable(),
  doneLate: z.boolean().nullable(), progress: z.number().int(), lastReportAt: z.string().nullable(), lastReportText: z.string().nullable(),
});

export const TaskView = z.object({
  id: z.string(), ref: z.string(), seq: z.number().int(), title: z.string(), description: z.string(), state: z.string(),
  supervised: z.boolean(), ownerUnit: z.string(), ownerUnitName: z.string(),
  responsible: z.object({ name: z.string(), phone: z.string().nullable().describe('Masked (138****1234) unless I manage the list') }),
  warnLevel: z.string().describe('The worst warning among its open milestones'), progress: z.number().int().describe('Mean of its milestones'),
  createdAt: z.string(), closedAt: z.string().nullable(), cancelReason: z.string().nullable(),
  canReport: z.boolean(), canSupervise: z.boolean().describe('I may issue supervision orders on it and its open milestones'),
  milestones: z.array(MilestoneView),
});

export const ListDetail = ListSummary.extend({
  canManage: z.boolean().describe('I may reschedule, cancel and supervise (I belong to the issuer or above)'),
  tasks: z.array(TaskView).describe('Tasks in my scope with their milestones: the roadmap (路线图)'),
});

export const TaskRow = TaskView.extend({
  list: z.object({ id: z.string(), ref: z.string(), title: z.string(), issuerUnitName: z.string() }),
});

export const MilestoneDetail = MilestoneView.extend({
  task: z.object({ id: z.string(), ref: z.string(), title: z.string(), state: z.string(), ownerUnit: z.string(), ownerUnitName: z.string() }),
  list: z.object({ id: z.string(), ref: z.string(), title: z.string() }),
  allowedActions: z.array(z.string()),
  reports: z.array(z.object({
    at: z.string(), actorName: z.string(), unitCode: z.string().nullable(), progress: z.number().int(), text: z.string(),
    figures: z.record(z.string(), z.number()).nullable(), attachmentIds: z.array(z.string()),
  })),
  timeline: z.array(z.object({
    at: z.string(), actorName: z.string(), action: z.string(), fromState: z.string().nullable(), toState: z.string().nullable(),
    note: z.string().nullable(), data: z.record(z.string(), z.unknown()),
  })),
  supervision: z.array(z.object({ level: z.string(), issuerUnit: z.string(), note: z.string(), deadlineAt: z.string().nullable(), createdAt: z.string() })),
});

export const ItemResult = z.object({
  id: z.string(), ref: z.string(), state: z.string(), warnLevel: z.string(), deadlineAt: z.string().nullable(),
});
