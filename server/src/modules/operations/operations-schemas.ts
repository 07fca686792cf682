import { z } from 'zod';
import { UnitCode } from '../../platform/http/schemas.js';
import { TIERS } from '../crowd/bands.js';
import { PHASES } from './phases.js';
import { OPERATION_TASK_STATES } from './task-machine.js';
import { POST_KINDS, SECTORS } from './templates.js';

const Instant = z.iso.datetime({ offset: true });
const Note = z.string().trim().max(2000);

export const Person = z.strictObject({
  name: z.string().trim().min(1).max(40),
  phone: z.string().trim().regex(/^[0-9+\-() ]{3,20}$/).nullable().optional(),
  userId: z.uuid().nullable().optional().describe('The platform account of the person (lets them check in and see their post on the phone)'),
});
export type PersonInput = z.infer<typeof Person>;

export const CreateOperationBody = z.strictObject({
  name: z.string().trim().min(2).max(100),
  templateCode: z.string().min(1).max(64).describe('GET /api/operation-templates'),
  anchorDate: z.iso.date().optional().describe('The night the template\'s phases count from (e.g. 2024-12-31); or give `period`'),
  period: z.strictObject({
    startsAt: Instant.describe('前期 starts'), duringStartsAt: Instant.describe('中期 starts'),
    duringEndsAt: Instant.describe('中期 ends, 后期 starts'), endsAt: Instant.describe('后期 ends'),
  }).optional(),
  ownerUnit: UnitCode.optional().describe('Which of my units commands it (default: my first unit allowed to manage operations)'),
  posts: z.array(z.strictObject({ unitCode: UnitCode, person: Person.nullable().optional(), deputy: Person.nullable().optional() })).max(200).optional()
    .describe('Person and deputy of template posts, by unit'),
});
export type CreateOperationInput = z.infer<typeof CreateOperationBody>;

export const UpdatePostBody = z.strictObject({
  person: Person.nullable().optional(),
  deputy: Person.nullable().optional(),
}).refine((b) => b.person !== undefined || b.deputy !== undefined, { message: 'Give person or deputy' });
export type UpdatePostInput = z.infer<typeof UpdatePostBody>;

export const IdParams = z.strictObject({ id: z.uuid() });
export const PostParams = z.strictObject({ id: z.uuid(), postId: z.uuid() });

export const OperationListQuery = z.strictObject({
  q: z.string().max(64).optional(),
  running: z.enum(['true', 'false']).optional().describe('true: only operations running now (the operation screen picks the one to show)'),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

const STATE_LIST = new RegExp(`^(${OPERATION_TASK_STATES.join('|')})(,(${OPERATION_TASK_STATES.join('|')}))*$`);

const TaskFilters = {
  phase: z.enum(PHASES).optional(),
  state: z.string().regex(STATE_LIST).optional().describe('Comma-separated states'),
  sector: z.enum([...SECTORS, 'general']).optional().describe('general = no sector (综合)'),
  warn: z.enum(['yellow', 'red']).optional(),
  unit: UnitCode.optional().describe('Owning post\'s unit'),
  source: z.enum(['template', 'manual', 'plan', 'playbook']).optional(),
  q: z.string().max(64).optional(),
};

export const TaskListQuery = z.strictObject({
  ...TaskFilters,
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const TaskExportQuery = z.strictObject(TaskFilters);

export const MyTasksQuery = z.strictObject({
  mine: z.enum(['true', 'false']).optional().describe('Only tasks owned by my own units (not their sub-units)'),
  open: z.enum(['true', 'false']).optional(),
  operationId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const AddTaskBody = z.strictObject({
  title: z.string().trim().min(2).max(200),
  description: Note.optional(),
  unitCode: UnitCode.describe('The owning post\'s unit'),
  phase: z.enum(PHASES).optional().describe('Default: the phase running now'),
  sector: z.enum(SECTORS).nullable().optional(),
  deadlineAt: Instant.optional().describe('Default: the end of the phase'),
});
export type AddTaskInput = z.infer<typeof AddTaskBody>;

export const NoteBody = z.strictObject({ note: Note.nullable().optional() });
export const CancelBody = z.strictObject({ reason: z.string().trim().min(2).max(2000) });
export const SuperviseBody = z.strictObject({ note: z.string().trim().min(2).max(2000), deadlineAt: Instant.nullable().optional() });

export const AddShiftBody = z.strictObject({
  postId: z.uuid(),
  personName: z.string().trim().min(1).max(40),
  personPhone: z.string().trim().regex(/^[0-9+\-() ]{3,20}$/).nullable().optional(),
  userId: z.uuid().nullable().optional().describe('The person\'s account: they check in themselves'),
  startsAt: Instant,
  endsAt: Instant,
  note: z.string().trim().max(500).nullable().optional(),
});
export type AddShiftInput = z.infer<typeof AddShiftBody>;

// ---- responses

const PersonView = z.object({ name: z.string(), phone: z.string().nullable(), userId: z.string().nullable() });

export const TemplateView = z.object({
  code: z.string(), name: z.string(), nameEn: z.string(), description: z.string(), anchor: z.string(),
  phases: z.object({ before: z.number(), duringStart: z.number(), duringEnd: z.number(), afterEnd: z.number() }).describe('Hours from 00:00 Beijing time of the anchor day'),
  posts: z.array(z.object({ unitCode: z.string(), kind: z.enum(POST_KINDS), name: z.string(), parent: z.string().nullable(), zoneCode: z.string().nullable() })),
  taskCount: z.number().int().describe('Tasks made from it (group owners counted per post)'),
  tasksByPhase: z.object({ before: z.number().int(), during: z.number().int(), after: z.number().int() }),
});

const PhaseView = z.object({ phase: z.enum(PHASES), startsAt: z.string(), endsAt: z.string() });

export const OperationSummary = z.object({
  id: z.string(), ref: z.string(), name: z.string(), templateCode: z.string().nullable(), ownerUnit: z.string(), ownerName: z.string(),
  startsAt: z.string(), endsAt: z.string(), phases: z.array(PhaseView), currentPhase: z.enum(PHASES).nullable().describe('null: over'),
  posts: z.number().int(), tasks: z.number().int(), openTasks: z.number().int(), overdueTasks: z.number().int(), createdAt: z.string(),
});

export const PostView = z.object({
  id: z.string(), parentId: z.string().nullable(), kind: z.enum(POST_KINDS), unitCode: z.string(), unitName: z.string(), zoneCode: z.string().nullable(),
  name: z.string(), person: PersonView.nullable(), deputy: PersonView.nullable(),
  openTasks: z.number().int(), overdueTasks: z.number().int(), onDuty: z.number().int().describe('Shifts checked in now'),
  gaps: z.number().int().describe('Uncovered stretches of the during phase'), canManage: z.boolean(),
});

const Counts = z.object({
  pending: z.number().int(), inProgress: z.number().int(), done: z.number().int(), cancelled: z.number().int(),
  yellow: z.number().int(), red: z.number().int(), total: z.number().int(),
});

export const RosterSummary = z.object({
  posts: z.number().int(), shifts: z.number().int(), onDuty: z.number().int(), due: z.number().int(), absent: z.number().int(),
  gaps: z.number().int(), gapMinutes: z.number().int(), postsWithGaps: z.number().int(),
});

export const OperationDetail = OperationSummary.omit({ posts: true, tasks: true, openTasks: true, overdueTasks: true }).extend({
  canManage: z.boolean(),
  postTree: z.array(PostView).describe('Posts in my scope, in tree order (parentId links them)'),
  taskCounts: z.array(Counts.extend({ phase: z.enum(PHASES).nullable() })),
  roster: RosterSummary,
  unstaffedPosts: z.number().int().describe('Posts without a named person'),
});

export const TaskView = z.object({
  id: z.string(), ref: z.string(), title: z.string(), description: z.string(), state: z.string(), warnLevel: z.string(),
  operationId: z.string().nullable(), postId: z.string().nullable(), postName: z.string().nullable(), unitCode: z.string(), unitName: z.string(),
  phase: z.enum(PHASES).nullable(), sector: z.string().nullable(), deadlineAt: z.string().nullable(), startsAt: z.string().nullable(),
  supervised: z.boolean(), source: z.string(), sourceRef: z.string().nullable(), resultNote: z.string().nullable(), doneLate: z.boolean().nullable(),
  cancelReason: z.string().nullable(), createdAt: z.string(), closedAt: z.string().nullable(), allowedActions: z.array(z.string()),
});

export const TaskDetail = TaskView.extend({
  operation: z.object({ id: z.string(), ref: z.string(), name: z.string() }).nullable(),
  timeline: z.array(z.object({
    at: z.string(), actorName: z.string(), action: z.string(), fromState: z.string().nullable(), toState: z.string().nullable(), note: z.string().nullable(),
  })),
  supervision: z.array(z.object({ level: z.string(), issuerUnit: z.string(), note: z.string(), deadlineAt: z.string().nullable(), createdAt: z.string() })),
});

export const TaskActionResult = z.object({ id: z.string(), ref: z.string(), state: z.string(), warnLevel: z.string(), deadlineAt: z.string().nullable() });

export const ShiftView = z.object({
  id: z.string(), postId: z.string(), postName: z.string(), unitCode: z.string(), personName: z.string(), personPhone: z.string().nullable(),
  userId: z.string().nullable(), startsAt: z.string(), endsAt: z.string(), note: z.string().nullable(),
  status: z.enum(['scheduled', 'due', 'absent', 'on_duty', 'off_duty']).describe('due: started less than the grace ago, not checked in; absent: after it'),
  late: z.boolean().describe('Checked in after the grace'), checkedInAt: z.string().nullable(), checkedInByName: z.string().nullable(),
  checkedOutAt: z.string().nullable(), checkedOutByName: z.string().nullable(),
});

const Gap = z.object({ startsAt: z.string(), endsAt: z.string(), minutes: z.number().int() });

export const RosterView = z.object({
  window: z.object({ startsAt: z.string(), endsAt: z.string() }).describe('The during phase, where gaps are looked for'),
  graceMinutes: z.number().int(), now: z.string(), canManage: z.boolean(),
  posts: z.array(z.object({
    id: z.string(), parentId: z.string().nullable(), kind: z.enum(POST_KINDS), unitCode: z.string(), unitName: z.string(), name: z.string(),
    person: PersonView.nullable(), canManage: z.boolean(), shifts: z.array(ShiftView), gaps: z.array(Gap),
  })),
  summary: RosterSummary,
});

export const MyShiftView = ShiftView.extend({
  operationId: z.string(), operationRef: z.string(), operationName: z.string(),
  canCheckIn: z.boolean().describe('Check-in is open now'), canCheckOut: z.boolean(),
});

const Stretch = z.object({ startsAt: z.string(), endsAt: z.string() });
const SOURCES = ['playbook', 'plan', 'manual', 'template'] as const;
const Named = z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable() });

export const ScreenSummaryView = z.object({
  operation: OperationSummary.pick({ id: true, ref: true, name: true, ownerUnit: true, ownerName: true, startsAt: true, endsAt: true, phases: true, currentPhase: true }),
  now: z.string().describe('The server\'s clock when it was computed'),
  duty: z.object({
    summary: z.object({
      posts: z.number().int(), onDuty: z.number().int(), due: z.number().int(), absent: z.number().int(),
      gapNow: z.number().int().describe('Posts nobody is scheduled at now (inside the during phase)'), idle: z.number().int().describe('Posts with no duty asked now'),
      late: z.number().int(), postsWithGaps: z.number().int(), gapMinutes: z.number().int(),
    }),
    window: Stretch.describe('The during phase'),
    posts: z.array(z.object({
      id: z.string(), parentId: z.string().nullable(), kind: z.enum(POST_KINDS), unitCode: z.string(), name: z.string(), zoneCode: z.string().nullable(),
      unit: Named.describe('The post\'s unit (a street, a task force, a command post)'),
      zone: Named.nullable().describe('The key zone a command post answers for'),
      personName: z.string().nullable().describe('The post\'s named person (定人定岗)'),
      state: z.enum(['on_duty', 'due', 'absent', 'gap', 'idle']),
      current: z.object({
        shiftId: z.string(), personName: z.string(), personPhone: z.string().nullable(), status: z.string(), late: z.boolean(),
        startsAt: z.string(), endsAt: z.string(), checkedInAt: z.string().nullable(),
      }).nullable().describe('The shift that answers for the post now'),
      gapNow: Stretch.nullable(), nextGap: Stretch.nullable(), gaps: z.number().int(), gapMinutes: z.number().int(),
      openTasks: z.number().int(), overdueTasks: z.number().int(),
    })).describe('Posts in my scope, in tree order'),
  }),
  measures: z.object({
    totals: z.object({
      open: z.number().int(), pending: z.number().int(), inProgress: z.number().int(), overdue: z.number().int(), done: z.number().int(), doneLate: z.number().int(),
    }),
    bySource: z.array(z.object({
      source: z.enum(SOURCES), pending: z.number().int(), inProgress: z.number().int(), done: z.number().int(), overdue: z.number().int(), doneLate: z.number().int(),
    })),
    items: z.array(z.object({
      id: z.string(), ref: z.string(), title: z.string(), state: z.string(), warnLevel: z.string(), overdue: z.boolean(), source: z.enum(SOURCES),
      zone: Named.nullable().describe('A playbook\'s measure: the zone of the alert it answers'),
      tier: z.enum(TIERS).nullable().describe('A playbook\'s measure: the alert\'s tier'),
      measure: z.string().describe('The title without the zone and tier a playbook\'s measure begins with'),
      phase: z.enum(PHASES).nullable(), postName: z.string().nullable(), unitCode: z.string(), unitName: z.string(), createdAt: z.string(),
      deadlineAt: z.string().nullable(), supervised: z.boolean(),
    })).describe('Open tasks: a playbook\'s or plan\'s measures first (newest first), then the phases\' tasks by deadline; at most 40'),
  }),
});
