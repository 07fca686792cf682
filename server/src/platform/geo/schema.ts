// zod shapes of the files in data/yuzhong/. The generator writes them, the
// loader checks them, so a hand edit that breaks a code or a ring fails loudly.
import { z } from 'zod';

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z
  .array(position)
  .min(4)
  .refine((r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1], 'ring must be closed');
const polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) });
const multiPolygon = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) });
export const AreaGeometrySchema = z.discriminatedUnion('type', [polygon, multiPolygon]);

const provenance = {
  approximate: z.boolean(),
  geometrySource: z.string().min(1),
};

const digits = (n: number) => z.string().regex(new RegExp(`^\\d{${n}}$`), `expected ${n} digits`);

function collection<P extends z.ZodType>(properties: P) {
  return z.object({
    type: z.literal('FeatureCollection'),
    name: z.string().optional(),
    features: z.array(z.object({ type: z.literal('Feature'), properties, geometry: AreaGeometrySchema })),
  });
}

export const DistrictCollectionSchema = collection(
  z.object({
    code: digits(6),
    name: z.string(),
    nameEn: z.string(),
    population: z.number().int(),
    landAreaKm2: z.number(),
    outlineAreaM2: z.number(),
    ...provenance,
  }),
);

export const StreetCollectionSchema = collection(
  z.object({
    code: digits(9),
    name: z.string(),
    nameEn: z.string(),
    districtCode: digits(6),
    population: z.number().int(),
    areaM2: z.number(),
    ...provenance,
  }),
);

export const CommunityCollectionSchema = collection(
  z.object({
    code: digits(12),
    name: z.string(),
    nameEn: z.string(),
    streetCode: digits(9),
    communityType: z.enum(['committee', 'work_station']),
    nameSource: z.string(),
    codeSource: z.enum(['public list', 'generated']),
    population: z.number().int(),
    areaM2: z.number(),
    ...provenance,
  }),
);

export const GridCollectionSchema = collection(
  z.object({
    code: digits(14),
    name: z.string(),
    nameEn: z.string(),
    communityCode: digits(12),
    streetCode: digits(9),
    areaM2: z.number(),
    ...provenance,
  }),
);

export const ZoneCollectionSchema = collection(
  z.object({
    code: z.string().regex(/^ZONE-[A-Z]+$/),
    name: z.string(),
    nameEn: z.string(),
    street: digits(9),
    center: position,
    usableAreaM2: z.number(),
    ...provenance,
  }),
);

export const UnitKindSchema = z.enum(['district', 'street', 'community', 'grid', 'department', 'zone', 'command_post', 'task_force']);

export const UnitRecordSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  nameEn: z.string().min(1),
  kind: UnitKindSchema,
  parentCode: z.string().nullable(),
  approximate: z.boolean().optional(),
  population: z.number().int().nonnegative().optional(),
  /** Command posts only: the key zone the post runs. */
  zoneCode: z.string().optional(),
});
export const UnitListSchema = z.array(UnitRecordSchema);

export type UnitKind = z.infer<typeof UnitKindSchema>;
export type UnitRecord = z.infer<typeof UnitRecordSchema>;
export type DistrictCollection = z.infer<typeof DistrictCollectionSchema>;
export type StreetCollection = z.infer<typeof StreetCollectionSchema>;
export type CommunityCollection = z.infer<typeof CommunityCollectionSchema>;
export type GridCollection = z.infer<typeof GridCollectionSchema>;
export type ZoneCollection = z.infer<typeof ZoneCollectionSchema>;
