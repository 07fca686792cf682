import { z } from 'zod';
import { UnitCode } from '../../platform/http/schemas.js';
import type { Reading } from './zone-state.js';

// One reading as a sensor sends it. Each is checked on its own: a bad reading is refused with a reason and counted,
// the rest of its batch goes in.

export const REJECT_REASONS = ['malformed', 'invalid', 'unknown_zone', 'unknown_gate', 'out_of_scope', 'future', 'too_late', 'implausible'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const MAX_READINGS_PER_REQUEST = 20_000;
/** A reading stamped later than this past the server's clock is refused (a sensor with a wrong clock). */
export const FUTURE_TOLERANCE_MS = 2 * 60_000;
/** Above this density a camera or mobile estimate, or a gate count above MAX_GATE_COUNT, is not believed. */
export const MAX_PLAUSIBLE_DENSITY = 10;
export const MAX_GATE_COUNT = 20_000;

export const ReadingInput = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9._:@/+=-]{1,128}$/).describe('The sensor\'s id for this reading; sending it again is harmless'),
  zone: UnitCode.describe('Zone code, e.g. ZONE-JFB'),
  source: z.enum(['gate', 'camera', 'mobile']),
  at: z.iso.datetime({ offset: true }).describe('When the reading was taken (end of the counting interval)'),
  gate: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).optional().describe('gate: the gate code, e.g. ZONE-JFB-G1'),
  in: z.number().int().min(0).max(1_000_000).optional().describe('gate: persons in since the gate\'s previous reading'),
  out: z.number().int().min(0).max(1_000_000).optional().describe('gate: persons out since the gate\'s previous reading'),
  count: z.number().int().min(0).max(100_000_000).optional().describe('camera: heads seen; mobile: persons estimated in the zone'),
  coverage: z.number().gt(0).max(1).optional().describe('camera: share of the usable area the count covers (default 1)'),
}).superRefine((r, ctx) => {
  const need = (field: 'gate' | 'count') => ctx.addIssue({ code: 'custom', path: [field], message: 'required' });
  const forbid = (field: string) => ctx.addIssue({ code: 'custom', path: [field], message: `not for source ${r.source}` });
  if (r.source === 'gate') {
    if (!r.gate) need('gate');
    if (r.in === undefined && r.out === undefined) ctx.addIssue({ code: 'custom', path: ['in'], message: 'in or out required' });
    if (r.count !== undefined) forbid('count');
    if (r.coverage !== undefined) forbid('coverage');
  } else {
    if (r.count === undefined) need('count');
    for (const f of ['gate', 'in', 'out'] as const) if (r[f] !== undefined) forbid(f);
    if (r.source === 'mobile' && r.coverage !== undefined) forbid('coverage');
  }
});
export type ReadingInputT = z.infer<typeof ReadingInput>;

/** A line of an NDJSON body that is not JSON; it becomes a `malformed` refusal, not a failed request. */
export class MalformedLine {
  constructor(readonly line: number) {}
}

export function parseNdjson(body: string): unknown[] {
  const out: unknown[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (!text) continue;
    try {
      out.push(JSON.parse(text));
    } catch {
      out.push(new MalformedLine(i + 1));
    }
  }
  return out;
}

export interface Refusal {
  index: number;
  id: string | null;
  /** The zone it names when that is readable ('' otherwise); refusals are counted per zone. */
  zone: string;
  reason: RejectReason;
  field?: string;
}

export type Checked = { ok: true; reading: Reading } | { ok: false; refusal: Refusal };

const text = (v: unknown) => (typeof v === 'string' && v.length <= 128 ? v : null);

/** Shape and clock checks that need no zone settings; the rest happen in the ingest transaction. */
export function checkReading(item: unknown, index: number, now: number): Checked {
  const raw = (typeof item === 'object' && item !== null && !(item instanceof MalformedLine) ? item : {}) as Record<string, unknown>;
  const refuse = (reason: RejectReason, field?: string): Checked => ({
    ok: false, refusal: { index, id: text(raw.id), zone: text(raw.zone) ?? '', reason, ...(field ? { field } : {}) },
  });
  if (typeof item !== 'object' || item === null || Array.isArray(item) || item instanceof MalformedLine) return refuse('malformed');
  const parsed = ReadingInput.safeParse(item);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.code === 'unrecognized_keys' ? issue.keys.join(',') : issue.path.join('.');
    return refuse('invalid', field || undefined);
  }
  const r = parsed.data;
  const at = Date.parse(r.at);
  if (at > now + FUTURE_TOLERANCE_MS) return refuse('future', 'at');
  const estimate = r.count === undefined ? null : Math.round(r.count / (r.coverage ?? 1));
  return {
    ok: true,
    reading: { id: r.id, zone: r.zone, gate: r.gate ?? null, source: r.source, at, in: r.in ?? 0, out: r.out ?? 0, estimate },
  };
}
