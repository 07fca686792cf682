import { z } from 'zod';
import { AreaGeometrySchema } from '../../platform/geo/index.js';
import { UnitCode } from '../../platform/http/schemas.js';
import { bandsAscending, TIERS } from './bands.js';
import { MAX_READINGS_PER_REQUEST, REJECT_REASONS } from './readings.js';

const Density = z.number().positive().max(20);

export const BandsInput = z.strictObject({ blue: Density, yellow: Density, orange: Density, red: Density })
  .refine(bandsAscending, { message: 'Bands must rise: blue < yellow < orange < red' })
  .describe('Standing density bands in persons/m² (default 2 / 3 / 4 / 5)');

const Lng = z.number().min(-180).max(180);
const Lat = z.number().min(-90).max(90);

export const GateInput = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).describe('e.g. ZONE-JFB-G1; readings name it'),
  name: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().max(80).nullable().optional(),
  widthM: z.number().positive().max(200).describe('Clear width in metres'),
  direction: z.enum(['in', 'out', 'both']).describe('One-way gates (南进北出) are "in" or "out"'),
  kind: z.enum(['level', 'stairs']).default('level').describe('Stairs pass fewer persons a minute per metre'),
  location: z.tuple([Lng, Lat]).nullable().optional().describe('[lng, lat] WGS-84'),
});
export type GateInputT = z.infer<typeof GateInput>;

const Gates = z.array(GateInput).max(100)
  .refine((gs) => new Set(gs.map((g) => g.code)).size === gs.length, { message: 'Gate codes must be unique' });

export const CodeParams = z.strictObject({ code: UnitCode });
export const AlertIdParams = z.strictObject({ id: z.uuid() });

export const RegisterZoneBody = z.strictObject({
  code: UnitCode.describe('A unit of kind zone'),
  geometry: AreaGeometrySchema,
  areaM2: z.number().positive().max(10_000_000).optional().describe('Usable area; default: the polygon\'s area'),
  bands: BandsInput.optional(),
  gates: Gates.default([]),
});

export const ZoneSettingsBody = z.strictObject({
  geometry: AreaGeometrySchema.optional(),
  areaM2: z.number().positive().max(10_000_000).optional().describe('Usable area in m² (without buildings, water, closed parts)'),
  capacity: z.number().int().positive().max(10_000_000).nullable().optional()
    .describe('最大承载量 in persons at the red band; null: derived again as area × red density'),
  bands: BandsInput.optional(),
  hysteresis: z.strictObject({
    marginDensity: z.number().min(0).max(2).optional().describe('A tier is left only this far (persons/m²) below its band'),
    minDwellMinutes: z.number().int().min(0).max(120).optional().describe('…and not before it has been held this long'),
  }).optional(),
}).refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'Nothing to change' });
export type ZoneSettingsInput = z.infer<typeof ZoneSettingsBody>;

export const GatesBody = z.strictObject({ gates: Gates });

export const ZoneListQuery = z.strictObject({
  geometry: z.enum(['true', 'false']).optional().describe('Add each zone\'s polygon and gates (for the map)'),
});

export const SeriesQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional().describe('Default: 3 hours before `to`'),
  to: z.iso.datetime({ offset: true }).optional().describe('Default: the zone\'s latest reading (or now)'),
});

export const AlertListQuery = z.strictObject({
  zone: UnitCode.optional(),
  state: z.enum(['open', 'acknowledged']).optional(),
  kind: z.enum(['density', 'forecast']).optional(),
  active: z.enum(['true', 'false']).optional().describe('true: still in force; false: cleared'),
  minTier: z.enum(TIERS).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const AckBody = z.strictObject({ note: z.string().trim().max(500).nullable().optional().describe('What the post is doing about it') });

export const ReadingsBody = z.array(z.unknown()).min(1).max(MAX_READINGS_PER_REQUEST).describe(
  'Readings, as a JSON array or NDJSON (application/x-ndjson, one per line). Each: {id, zone, source: gate|camera|mobile, at, ' +
  'gate + in/out (gate), count (+ coverage) (camera), count (mobile)}. Each is checked on its own; see docs/crowd.md',
);

// ---- responses

const Tier = z.enum(TIERS).nullable();
const Iso = z.string();

const ForecastPoint = z.object({ occupancy: z.number().int(), density: z.number(), level: z.number().int() });

export const LiveView = z.object({
  occupancy: z.number().int(), density: z.number().describe('persons/m² of usable area'), utilisation: z.number().describe('occupancy ÷ capacity'),
  inRate: z.number().describe('persons/min in, last 5 min'), outRate: z.number(), netRate: z.number(),
  forecast: z.object({
    in15: ForecastPoint.nullable(), in30: ForecastPoint.nullable(),
    mae15: z.number().nullable().describe('Mean absolute error (persons) of the 15-minute forecasts of the last hour'),
    mae30: z.number().nullable(), samples15: z.number().int(), samples30: z.number().int(),
  }),
  tier: Tier, tierLevel: z.number().int(), tierSince: Iso.nullable(), forecastTier: Tier, forecastTierSince: Iso.nullable(),
  evacuationMinutes: z.number().nullable().describe('Occupancy ÷ exit capacity of the gates'),
  asOf: Iso.nullable().describe('Time of the latest reading'), lastReceivedAt: Iso.nullable(),
});

export const GateView = z.object({
  code: z.string(), name: z.string(), nameEn: z.string().nullable(), widthM: z.number(), direction: z.enum(['in', 'out', 'both']),
  kind: z.enum(['level', 'stairs']), flowPerMin: z.number().int(), location: z.tuple([z.number(), z.number()]).nullable(), active: z.boolean(),
});

export const ZoneView = z.object({
  code: z.string(), name: z.string(), nameEn: z.string().nullable(), approximate: z.boolean(),
  post: z.object({ code: z.string(), name: z.string() }).nullable().describe('The command post that acknowledges its alerts'),
  areaM2: z.number(), capacity: z.number().int(), capacityDerived: z.boolean(),
  bands: z.object({ blue: z.number(), yellow: z.number(), orange: z.number(), red: z.number() }), criticalDensity: z.number(),
  hysteresis: z.object({ marginDensity: z.number(), minDwellMinutes: z.number().int() }),
  flow: z.object({ entryPerMin: z.number().int(), exitPerMin: z.number().int(), gates: z.number().int() }),
  live: LiveView,
  alerts: z.object({ active: z.number().int(), open: z.number().int().describe('Not yet acknowledged') }),
  readings: z.object({ accepted: z.number().int(), duplicates: z.number().int(), rejected: z.number().int() }),
  updatedAt: Iso,
});

export const ZoneListItem = ZoneView.extend({
  geometry: z.record(z.string(), z.unknown()).optional(),
  gates: z.array(GateView).optional(),
});

export const ZoneDetail = ZoneView.extend({ geometry: z.record(z.string(), z.unknown()), gates: z.array(GateView) });

export const SeriesView = z.object({
  zone: z.object({ code: z.string(), name: z.string(), areaM2: z.number(), capacity: z.number().int() }),
  from: Iso, to: Iso,
  points: z.array(z.object({
    minute: Iso, in: z.number().int(), out: z.number().int(), occupancy: z.number().int(), density: z.number(),
    camera: z.number().nullable().describe('Mean camera estimate in the minute'), mobile: z.number().nullable(),
    forecast15: z.number().int().nullable().describe('What was forecast for this minute 15 minutes before'),
    forecast30: z.number().int().nullable(),
  })),
  projection: z.array(z.object({ at: Iso, occupancy: z.number().int(), density: z.number() })).describe('From the latest reading: now, +15, +30 min'),
  error: z.object({ mae15: z.number().nullable(), mae30: z.number().nullable(), samples15: z.number().int(), samples30: z.number().int() }),
});

export const AlertView = z.object({
  id: z.string(), zone: z.object({ code: z.string(), name: z.string() }), kind: z.enum(['density', 'forecast']).describe('forecast: 预警 on the 15-minute forecast'),
  tier: z.enum(TIERS), level: z.number().int(), at: Iso.describe('Event time'), occupancy: z.number().int(), density: z.number(),
  forecast15: z.number().int().nullable(), forecastDensity: z.number().nullable(), state: z.enum(['open', 'acknowledged']),
  active: z.boolean(), createdAt: Iso, clearedAt: Iso.nullable(), clearReason: z.string().nullable(),
  ack: z.object({ at: Iso, by: z.string(), unit: z.string().nullable(), note: z.string().nullable() }).nullable(),
});

export const IngestResult = z.object({
  accepted: z.number().int(), duplicates: z.number().int().describe('Already received (same id): not counted again'),
  rejected: z.number().int(),
  refusals: z.array(z.object({
    index: z.number().int().describe('Position in the batch (0-based)'), id: z.string().nullable(), reason: z.enum(REJECT_REASONS),
    field: z.string().optional(), message: z.string(),
  })),
});

export const RefusalsView = z.object({
  items: z.array(z.object({
    zone: z.string().nullable().describe('null: the reading named no known zone'), reason: z.enum(REJECT_REASONS), count: z.number().int(),
    lastAt: Iso.nullable(), lastSample: z.record(z.string(), z.unknown()).nullable(),
  })),
});
