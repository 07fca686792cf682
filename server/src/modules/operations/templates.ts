// Operation templates: data/operations/*.json with "dataKind": "operation-template" (phases as hour offsets, the post
// tree, tasks per phase and sector). Read and validated once at start; a bad file stops the server, not a request.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PHASES } from './phases.js';

export const POST_KINDS = ['command', 'command_post', 'task_force', 'street_sub_command'] as const;
export type PostKind = (typeof POST_KINDS)[number];

// The seven sectors of the brief (交通运输, 建筑工地, 文化旅游, 消防, 燃气, 危化品, 工贸); a task without one is general (综合).
export const SECTORS = ['transport', 'construction', 'tourism', 'fire', 'gas', 'hazchem', 'industry_trade'] as const;
export type Sector = (typeof SECTORS)[number];

/** Owner groups: one task for each post of that kind. */
export const OWNER_GROUPS = { '@command_posts': 'command_post', '@street_sub_commands': 'street_sub_command' } as const;

const Hours = z.number().min(0).max(24 * 60);

const TemplateTask = z.strictObject({
  phase: z.enum(PHASES),
  sector: z.enum(SECTORS).optional(),
  owner: z.string().min(1),
  title: z.string().min(2).max(200),
  description: z.string().max(2000).optional(),
  dueBeforePhaseEndHours: Hours.optional(),
  dueAfterPhaseStartHours: Hours.optional(),
});

const TemplatePost = z.strictObject({
  unitCode: z.string().min(1),
  kind: z.enum(POST_KINDS),
  parent: z.string().min(1).optional(),
  zoneCode: z.string().min(1).optional(),
  name: z.string().min(2).max(100),
});

export const OperationTemplate = z.strictObject({
  dataKind: z.literal('operation-template'),
  note: z.string().optional(),
  code: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(2),
  nameEn: z.string().min(2),
  description: z.string(),
  /** Month and day of the night the phases are counted from ("12-31"). */
  anchor: z.string().regex(/^\d{2}-\d{2}$/),
  phases: z.strictObject({
    before: z.strictObject({ startsAt: z.number() }),
    during: z.strictObject({ startsAt: z.number(), endsAt: z.number() }),
    after: z.strictObject({ endsAt: z.number() }),
  }),
  posts: z.array(TemplatePost).min(1).max(200),
  tasks: z.array(TemplateTask).max(500),
}).superRefine((t, ctx) => {
  const codes = new Set(t.posts.map((p) => p.unitCode));
  if (codes.size !== t.posts.length) ctx.addIssue({ code: 'custom', message: 'a unit holds two posts', path: ['posts'] });
  if (t.posts.filter((p) => p.kind === 'command').length !== 1 || t.posts[0]!.kind !== 'command') {
    ctx.addIssue({ code: 'custom', message: 'exactly one command post, listed first', path: ['posts'] });
  }
  t.posts.forEach((p, i) => {
    if (p.kind !== 'command' && (!p.parent || !codes.has(p.parent))) ctx.addIssue({ code: 'custom', message: `unknown parent ${p.parent}`, path: ['posts', i] });
  });
  t.tasks.forEach((task, i) => {
    if (!(task.owner in OWNER_GROUPS) && !codes.has(task.owner)) ctx.addIssue({ code: 'custom', message: `owner ${task.owner} holds no post`, path: ['tasks', i] });
  });
  const p = t.phases;
  if (!(p.before.startsAt <= p.during.startsAt && p.during.startsAt < p.during.endsAt && p.during.endsAt <= p.after.endsAt)) {
    ctx.addIssue({ code: 'custom', message: 'phases out of order', path: ['phases'] });
  }
});
export type OperationTemplate = z.infer<typeof OperationTemplate>;
export type TemplateTask = z.infer<typeof TemplateTask>;

/** `$CHENGYUN_OPERATIONS_DIR`, else `<repo root>/data/operations` (this file is four levels below the root). */
export function operationsDataDir(): string {
  return process.env.CHENGYUN_OPERATIONS_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '../../../../data/operations');
}

/** The JSON files of the folder whose "dataKind" is `kind`, parsed. */
export function readDataFiles(kind: string, dir = operationsDataDir()): Array<{ file: string; data: unknown }> {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((file) => ({ file, data: JSON.parse(readFileSync(join(dir, file), 'utf8')) as { dataKind?: string } }))
    .filter((f) => f.data.dataKind === kind);
}

export function loadTemplates(dir = operationsDataDir()): Map<string, OperationTemplate> {
  const out = new Map<string, OperationTemplate>();
  for (const { file, data } of readDataFiles('operation-template', dir)) {
    const parsed = OperationTemplate.safeParse(data);
    if (!parsed.success) throw new Error(`data/operations/${file}: ${parsed.error.message}`);
    out.set(parsed.data.code, parsed.data);
  }
  return out;
}

/** The period offsets of a template, in the shape periodFromOffsets takes. */
export function templateOffsets(t: OperationTemplate) {
  return { before: t.phases.before.startsAt, duringStart: t.phases.during.startsAt, duringEnd: t.phases.during.endsAt, afterEnd: t.phases.after.endsAt };
}
