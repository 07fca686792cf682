import { z } from 'zod';

const Instant = z.iso.datetime({ offset: true });
const Tier = z.enum(['blue', 'yellow', 'orange', 'red']);

export const IdParams = z.strictObject({ id: z.uuid() });

export const ReplayQuery = z.strictObject({
  from: Instant.optional().describe('Start of the window (default: the \'during\' phase\'s start); inside the operation\'s period'),
  to: Instant.optional().describe('End of the window (default: the \'during\' phase\'s end)'),
  step: z.coerce.number().int().min(1).max(60).optional().describe('Minutes per point (default 1); at most 1,440 points per zone'),
});

export const ReportQuery = z.strictObject({
  lang: z.enum(['zh-CN', 'en']).optional().describe('Language of the report (default: the caller\'s)'),
});

const Nullable = <T extends z.ZodType>(x: T) => z.array(x.nullable());

export const ReplayZone = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  post: z.object({ code: z.string(), name: z.string() }).nullable(),
  areaM2: z.number(),
  capacity: z.number(),
  bands: z.object({ blue: z.number(), yellow: z.number(), orange: z.number(), red: z.number() }),
  occupancy: Nullable(z.number()).describe('Per point: the highest occupancy in the step (null: no reading yet, or still to come)'),
  density: Nullable(z.number()).describe('Per point: that occupancy per m² of usable area'),
  tier: Nullable(z.number().int()).describe('Per point: the highest tier level held, 0 normal … 4 red (the alert rules replayed with hysteresis)'),
  inflow: z.array(z.number()).describe('Per point: persons in through the gates'),
  outflow: z.array(z.number()).describe('Per point: persons out through the gates'),
  forecast15: Nullable(z.number()).describe('Per point: the 15-minute forecast made then (persons)'),
  peak: z.object({ occupancy: z.number(), density: z.number(), at: z.string() }).nullable(),
  maxTier: z.object({ level: z.number().int(), at: z.string() }).nullable(),
  minutesAtLevel: z.array(z.number().int()).describe('Minutes held at level 0 (normal) … 4 (red)'),
});

export const ReplayEvent = z.object({
  at: z.string(),
  kind: z.enum([
    'alert_raised', 'alert_acknowledged', 'alert_cleared', 'task_created', 'task_started', 'task_done', 'task_cancelled',
    'plan_activated', 'hazard_found', 'hazard_rectified', 'hazard_closed',
  ]),
  id: z.string(),
  ref: z.string().nullable(),
  title: z.string(),
  zone: z.string().nullable(),
  tier: Tier.nullable(),
  unit: z.string().nullable(),
  by: z.string().nullable(),
  note: z.string().nullable(),
  source: z.string().nullable(),
});

export const ReplayResponse = z.object({
  operation: z.object({
    id: z.string(), ref: z.string(), name: z.string(), ownerName: z.string(),
    startsAt: z.string(), duringStartsAt: z.string(), duringEndsAt: z.string(), endsAt: z.string(),
  }),
  window: z.object({ from: z.string(), to: z.string(), step: z.number().int(), points: z.number().int() }),
  partial: z.boolean().describe('The caller sees only part of the operation (their posts, zones and tasks)'),
  now: z.string(),
  zones: z.array(ReplayZone),
  events: z.array(ReplayEvent),
  truncated: z.boolean().describe('More than 5,000 events: the first 5,000 are given'),
  totals: z.object({
    alerts: z.number().int(), acknowledged: z.number().int(), measures: z.number().int(), measuresDone: z.number().int(),
    activations: z.number().int(), hazards: z.number().int(),
  }),
});
