import { z } from 'zod';
import { UnitCode } from '../../platform/http/schemas.js';
import { POST_KINDS } from '../operations/templates.js';
import { RESOURCE_CATEGORIES, RESOURCE_STATUSES, RESOURCE_TYPES } from './resource-types.js';

export const PLAN_KINDS = ['comprehensive', 'special', 'onsite'] as const;
export const EVENT_TYPES = ['natural', 'accident', 'health', 'social'] as const;
export const ALERT_TIERS = ['blue', 'yellow', 'orange', 'red'] as const;

const Text = (max: number) => z.string().trim().max(max);

export const MeasureInput = z.strictObject({
  title: z.string().trim().min(2).max(200),
  description: Text(2000).optional(),
  postKind: z.enum(POST_KINDS).describe('command: the operation\'s command (or the plan\'s unit); command_post: the zone\'s (every one without a zone); street_sub_command: the zone\'s street; task_force: unitCode'),
  unitCode: UnitCode.optional().describe('Required for task_force: which one'),
  timeLimitMinutes: z.number().int().min(1).max(10_080).describe('From activation'),
}).refine((m) => m.postKind !== 'task_force' || m.unitCode, { message: 'A task force measure names its unit', path: ['unitCode'] });

export const LevelInput = z.strictObject({
  level: z.number().int().min(1).max(4).describe('1 = 一级 (highest) … 4 = 四级'),
  name: z.string().trim().min(2).max(40),
  trigger: z.string().trim().min(2).max(1000).describe('When to start this level, in words'),
  condition: z.strictObject({ zone: UnitCode.optional(), tier: z.enum(ALERT_TIERS).optional() }).nullable().optional()
    .describe('Machine condition, e.g. {"tier":"red"} or {"zone":"ZONE-JFB","tier":"orange"}'),
  measures: z.array(MeasureInput).min(1).max(50),
});

export const PlanResource = z.strictObject({ type: z.enum(RESOURCE_TYPES), quantity: z.number().int().min(1).max(10_000), note: Text(200).optional() });

export const CreatePlanBody = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9-]{2,40}$/),
  name: z.string().trim().min(2).max(200),
  kind: z.enum(PLAN_KINDS).describe('comprehensive 综合预案, special 专项预案, onsite 现场处置方案'),
  eventType: z.enum(EVENT_TYPES).describe('自然灾害, 事故灾难, 公共卫生, 社会安全'),
  ownerUnit: UnitCode.optional().describe('Which of my units owns it (default: my first unit allowed to manage plans)'),
  summary: Text(5000).optional(),
  sections: z.strictObject({ organisation: Text(5000).optional(), monitoring: Text(5000).optional(), response: Text(5000).optional(), recovery: Text(5000).optional() }).optional(),
  resources: z.array(PlanResource).max(50).optional(),
  levels: z.array(LevelInput).min(1).max(4)
    .refine((ls) => new Set(ls.map((l) => l.level)).size === ls.length, { message: 'Each level once' }),
});
export type CreatePlanInput = z.infer<typeof CreatePlanBody>;

/** The seed file: a plan as the API takes it, marked and annotated. */
export const PlanFile = CreatePlanBody.extend({ dataKind: z.literal('emergency-plan'), note: z.string().optional(), ownerUnit: UnitCode });

export const ActivateBody = z.strictObject({
  level: z.number().int().min(1).max(4),
  reason: z.string().trim().min(2).max(2000),
  operationId: z.uuid().optional().describe('The operation it runs in (its posts get the measures); omitted: standalone'),
  zoneCode: UnitCode.optional().describe('The key zone concerned (its command post and street get the measures)'),
});
export type ActivateInput = z.infer<typeof ActivateBody>;

export const IdParams = z.strictObject({ id: z.uuid() });

export const PlanListQuery = z.strictObject({
  q: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

// ---- resources

const Lng = z.number().min(-180).max(180);
const Lat = z.number().min(-90).max(90);

export const CreateResourceBody = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9-]{2,40}$/),
  name: z.string().trim().min(2).max(100),
  type: z.enum(RESOURCE_TYPES),
  quantity: z.number().int().min(1).max(100_000).default(1).describe('Persons in a team, pieces in a set'),
  ownerUnit: UnitCode.optional(),
  zoneCode: UnitCode.nullable().optional(),
  locationName: Text(100).nullable().optional(),
  lng: Lng.nullable().optional(),
  lat: Lat.nullable().optional(),
  note: Text(500).nullable().optional(),
}).refine((r) => (r.lng == null) === (r.lat == null), { message: 'Give both lng and lat, or neither', path: ['lat'] });
export type CreateResourceInput = z.infer<typeof CreateResourceBody>;

export const UpdateResourceBody = z.strictObject({
  status: z.enum(['available', 'out_of_service']).optional().describe('Assignment happens through requests; available also releases an assignment'),
  zoneCode: UnitCode.nullable().optional(),
  locationName: Text(100).nullable().optional(),
  lng: Lng.nullable().optional(),
  lat: Lat.nullable().optional(),
  note: Text(500).nullable().optional(),
  quantity: z.number().int().min(1).max(100_000).optional(),
}).refine((b) => Object.keys(b).length > 0, { message: 'Nothing to change' })
  .refine((r) => (r.lng === undefined) === (r.lat === undefined), { message: 'Give both lng and lat', path: ['lat'] });
export type UpdateResourceInput = z.infer<typeof UpdateResourceBody>;

export const ResourceListQuery = z.strictObject({
  type: z.enum(RESOURCE_TYPES).optional(),
  category: z.enum(RESOURCE_CATEGORIES).optional(),
  status: z.enum(RESOURCE_STATUSES).optional(),
  zoneCode: UnitCode.optional(),
  q: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const REQUEST_STATES = ['pending', 'approved', 'rejected', 'fulfilled'] as const;

export const CreateRequestBody = z.strictObject({
  unitCode: UnitCode.describe('The requesting post\'s unit (one of mine)'),
  operationId: z.uuid().optional(),
  resourceType: z.enum(RESOURCE_TYPES),
  quantity: z.number().int().min(1).max(100),
  reason: z.string().trim().min(2).max(2000),
  neededBy: z.iso.datetime({ offset: true }).optional(),
});
export type CreateRequestInput = z.infer<typeof CreateRequestBody>;

export const RequestListQuery = z.strictObject({
  state: z.enum(REQUEST_STATES).optional(),
  operationId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ApproveBody = z.strictObject({
  resourceIds: z.array(z.uuid()).min(1).max(100).describe('The specific resources assigned (of the requested type, available)'),
  note: Text(2000).nullable().optional(),
});
export const DecisionBody = z.strictObject({ note: z.string().trim().min(2).max(2000) });
export const FulfilBody = z.strictObject({ note: Text(2000).nullable().optional() });

// ---- responses

const MeasureView = z.object({
  id: z.string(), seq: z.number().int(), title: z.string(), description: z.string(), postKind: z.enum(POST_KINDS), unitCode: z.string().nullable(),
  timeLimitMinutes: z.number().int(),
});

export const LevelView = z.object({
  level: z.number().int(), name: z.string(), trigger: z.string(), condition: z.record(z.string(), z.unknown()).nullable(), measures: z.array(MeasureView),
});

export const ActivationView = z.object({
  id: z.string(), ref: z.string(), planId: z.string(), planName: z.string(), level: z.number().int(), operationId: z.string().nullable(),
  zoneCode: z.string().nullable(), reason: z.string(), unitCode: z.string(), activatedByName: z.string(), activatedAt: z.string(), tasks: z.number().int(),
});

export const PlanSummary = z.object({
  id: z.string(), code: z.string(), name: z.string(), kind: z.enum(PLAN_KINDS), eventType: z.enum(EVENT_TYPES), ownerUnit: z.string(),
  summary: z.string(), levels: z.array(z.number().int()), measures: z.number().int(), lastActivation: ActivationView.nullable(), updatedAt: z.string(),
});

export const PlanDetail = PlanSummary.omit({ levels: true }).extend({
  sections: z.record(z.string(), z.string()),
  resources: z.array(z.object({ type: z.string(), quantity: z.number().int(), note: z.string().optional() })),
  levels: z.array(LevelView),
  activations: z.array(ActivationView),
  canActivate: z.boolean(),
});

export const ActivationResult = ActivationView.extend({
  taskList: z.array(z.object({ id: z.string(), ref: z.string(), unitCode: z.string(), title: z.string(), deadlineAt: z.string() })),
});

export const ResourceView = z.object({
  id: z.string(), code: z.string(), name: z.string(), type: z.enum(RESOURCE_TYPES), category: z.enum(RESOURCE_CATEGORIES), quantity: z.number().int(),
  status: z.enum(RESOURCE_STATUSES), ownerUnit: z.string(), zoneCode: z.string().nullable(), locationName: z.string().nullable(),
  lng: z.number().nullable(), lat: z.number().nullable(), assignedRequestId: z.string().nullable(), assignedUnit: z.string().nullable(),
  note: z.string().nullable(), version: z.number().int(), updatedAt: z.string(),
});

export const RequestView = z.object({
  id: z.string(), ref: z.string(), operationId: z.string().nullable(), unitCode: z.string(), unitName: z.string(), resourceType: z.enum(RESOURCE_TYPES),
  quantity: z.number().int(), reason: z.string(), neededBy: z.string().nullable(), state: z.enum(REQUEST_STATES), requestedByName: z.string(),
  decidedByName: z.string().nullable(), decidedAt: z.string().nullable(), decisionNote: z.string().nullable(), fulfilledAt: z.string().nullable(),
  createdAt: z.string(), resources: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), status: z.string() })),
  allowedActions: z.array(z.string()),
});
