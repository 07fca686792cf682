import { z } from 'zod';
import { CASE_STATES } from './case-machine.js';

const TimeLimit = z.strictObject({
  amount: z.number().positive().max(10_000),
  unit: z.enum(['workMinute', 'workHour', 'workDay', 'minute', 'hour']),
});

export const CHANNELS = ['grid', 'public', 'hotline', 'sensor', 'system', 'assigned', 'open311'] as const;

export const ReportCaseBody = z.strictObject({
  categoryCode: z.string().regex(/^[EC]\d{4}$/),
  description: z.string().trim().min(2).max(2000),
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  address: z.string().trim().max(200).nullable().optional(),
  channel: z.enum(CHANNELS).optional().describe('Defaults from the reporter: grid for grid workers, public for citizens, hotline otherwise'),
  reporterName: z.string().trim().max(64).nullable().optional(),
  reporterPhone: z.string().regex(/^[0-9+\- ]{5,20}$/).nullable().optional(),
  externalId: z.string().max(80).nullable().optional().describe('The caller system\'s id; a repeat of the same id is refused'),
});

export const CaseActionParams = z.strictObject({ id: z.uuid() });

export const NoteBody = z.strictObject({ note: z.string().trim().max(2000).nullable().optional() });
export const ReasonBody = z.strictObject({ note: z.string().trim().min(2).max(2000) });
export const DispatchBody = z.strictObject({
  unitCode: z.string().min(1).max(32).optional().describe('Default: the unit the platform suggests from category and location'),
  note: z.string().trim().max(2000).nullable().optional(),
});
export const MergeBody = z.strictObject({ intoId: z.uuid(), note: z.string().trim().max(2000).nullable().optional() });
export const DuplicateView = z.object({ id: z.string(), ref: z.string(), state: z.string(), distanceM: z.number(), reportedAt: z.string() });
export const ExtensionRequestBody = z.strictObject({ limit: TimeLimit, note: z.string().trim().min(2).max(2000) });
export const ExtensionDecisionBody = z.strictObject({ approve: z.boolean(), note: z.string().trim().max(2000).nullable().optional() });
export const SuperviseBody = z.strictObject({
  note: z.string().trim().min(2).max(2000),
  deadlineAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

export const CaseListQuery = z.strictObject({
  state: z.string().regex(new RegExp(`^(${CASE_STATES.join('|')})(,(${CASE_STATES.join('|')}))*$`)).optional(),
  category: z.string().max(8).optional(),
  street: z.string().max(16).optional(),
  warn: z.enum(['none', 'yellow', 'red']).optional(),
  mine: z.enum(['true', 'false']).optional().describe('Only cases my units must act on now'),
  q: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const CaseSummary = z.object({
  id: z.string(), ref: z.string(), title: z.string(), state: z.string(), categoryCode: z.string(), categoryName: z.string(),
  channel: z.string(), streetCode: z.string(), gridCode: z.string(), ownerUnit: z.string(), ownerName: z.string(),
  warnLevel: z.string(), deadlineAt: z.string().nullable(), stage: z.string().nullable(), supervised: z.boolean(),
  lng: z.number(), lat: z.number(), reportedAt: z.string(), urgency: z.string(),
});

export const TimelineItem = z.object({
  at: z.string(), actorName: z.string(), action: z.string(), fromState: z.string().nullable(), toState: z.string().nullable(),
  unitCode: z.string().nullable(), note: z.string().nullable(), data: z.record(z.string(), z.unknown()),
});

export const CaseDetail = CaseSummary.extend({
  description: z.string(), address: z.string().nullable(),
  reporterName: z.string().nullable(), reporterPhone: z.string().nullable().describe('Masked unless ?unmask=true with personal-data:read'),
  handlingUnit: z.string().nullable(), reworkCount: z.number(), sendBackCount: z.number(), dispatchCount: z.number(),
  suggestedUnit: z.string(), allowedActions: z.array(z.string()),
  duplicateOf: z.string().nullable(), possibleDuplicates: z.array(DuplicateView),
  timeline: z.array(TimelineItem),
  extensions: z.array(z.object({ amount: z.number(), unit: z.string(), reason: z.string(), state: z.string(), createdAt: z.string() })),
  supervision: z.array(z.object({ level: z.string(), issuerUnit: z.string(), note: z.string(), deadlineAt: z.string().nullable(), createdAt: z.string() })),
});
