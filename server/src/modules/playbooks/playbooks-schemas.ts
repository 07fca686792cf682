import { z } from 'zod';
import { UnitCode } from '../../platform/http/schemas.js';
import { TIERS } from '../crowd/bands.js';
import { MEASURE_KINDS } from './playbooks-repository.js';

export const ZoneTierParams = z.strictObject({ zone: UnitCode, tier: z.enum(TIERS) });
export const AlertParams = z.strictObject({ id: z.uuid() });
export const PlaybookQuery = z.strictObject({ zone: UnitCode.optional() });

const MeasureSchema = z.strictObject({
  kind: z.enum(MEASURE_KINDS).describe('limit_flow 限流, one_way 单向通行, close_gate 关闭出入口, metro_skip 轨道甩站, broadcast 广播, reinforce 增派力量, other'),
  title: z.string().trim().min(2).max(200),
  target: z.union([z.enum(['command_post', 'street']), UnitCode]).describe('The zone\'s command post or street sub-command, or a unit code (e.g. TF-JTYS)'),
  gate: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).optional(),
  limitMinutes: z.number().int().min(1).max(24 * 60),
});

const Settings = {
  auto: z.boolean().describe('Run by itself when an alert of this tier is raised'),
  onForecast: z.boolean().default(false).describe('Also on a forecast warning of this tier'),
  measures: z.array(MeasureSchema).min(1).max(30),
};

export const UpdatePlaybookBody = z.strictObject({
  version: z.number().int().min(1).describe('The version you edited (409 when someone saved since)'),
  ...Settings,
});

export const CreatePlaybookBody = z.strictObject({ zone: UnitCode, tier: z.enum(TIERS), ...Settings });

export const DeletePlaybookQuery = z.strictObject({
  version: z.coerce.number().int().min(1).describe('The version you saw (409 when someone saved since)'),
});

export const PlaybookView = z.object({
  zone: z.string(), tier: z.enum(TIERS), auto: z.boolean(), onForecast: z.boolean(), version: z.number().int(),
  measures: z.array(z.object({ kind: z.string(), title: z.string(), target: z.string(), gate: z.string().optional(), limitMinutes: z.number().int() })),
  updatedAt: z.string(), updatedBy: z.string().nullable(), canManage: z.boolean().describe('Whether I may edit this zone\'s measures'),
});

export const PlaybookList = z.object({
  items: z.array(PlaybookView),
  zones: z.array(z.object({ code: z.string(), canManage: z.boolean().describe('Whether I may create and edit this zone\'s measures') }))
    .describe('Every zone asked for that I may read, those without measures too'),
});

export const RunView = z.object({
  alertId: z.string(), operationId: z.string(), auto: z.boolean().nullable(), ran: z.boolean(), skipped: z.array(z.string()),
  tasks: z.array(z.object({
    id: z.string(), ref: z.string(), title: z.string(), state: z.string(), unitCode: z.string(), warnLevel: z.string(),
    deadlineAt: z.string().nullable(), closedAt: z.string().nullable(),
  })),
});
