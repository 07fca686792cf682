import type { Locale } from '../../platform/i18n/messages.js';
import type { ChecklistItemRow, SectorRow } from './checklists-repository.js';
import type { HazardRow } from './hazards-repository.js';
import type { Counts, RoundRow, TaskRow } from './rounds-repository.js';

export const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const num = (v: string | number | null) => (v === null ? null : Number(v));

export function checklistItemView(i: ChecklistItemRow) {
  return {
    id: i.id, sector: i.sector, seq: i.seq, title: i.title, titleEn: i.title_en, basis: i.basis, majorHint: i.major_hint, active: i.active,
    updatedAt: iso(i.updated_at)!, updatedBy: i.updated_by,
  };
}

export function sectorView(s: SectorRow, items: ChecklistItemRow[]) {
  return { code: s.code, name: s.name, nameEn: s.name_en, leadUnit: s.lead_unit, leadUnitName: s.lead_unit_name, items: items.filter((i) => i.sector === s.code).map(checklistItemView) };
}

/** A unit's name in the reader's language (English where the unit table has it). */
export const named = (locale: Locale, zh: string | null, en: string | null) => (locale === 'en' ? en ?? zh : zh);

export function hazardSummary(h: HazardRow, locale: Locale) {
  return {
    id: h.id, ref: h.ref, title: h.title, state: h.state, grade: h.grade, sector: h.sector, sectorName: locale === 'en' ? h.sector_name_en : h.sector_name,
    description: h.description, subjectName: h.subject_name, address: h.address, gridCode: h.grid_code, gridName: named(locale, h.grid_name, h.grid_name_en),
    streetCode: h.street_code, streetName: named(locale, h.street_name, h.street_name_en), ownerUnit: h.owner_unit, ownerUnitName: named(locale, h.owner_unit_name, h.owner_unit_name_en), inspectUnit: h.inspect_unit,
    inspectUnitName: named(locale, h.inspect_unit_name, h.inspect_unit_name_en), rectifyUnit: h.rectify_unit, rectifyUnitName: named(locale, h.rectify_unit_name, h.rectify_unit_name_en), finderName: h.finder_name,
    foundAt: iso(h.found_at)!, stage: h.stage, deadlineAt: iso(h.deadline_at), rectifyDeadline: iso(h.rectify_deadline), warnLevel: h.warn_level,
    supervised: h.supervised, supervisionLevel: h.supervision_level, roundId: h.round_id, roundName: h.round_name, closedAt: iso(h.closed_at),
  };
}

export function hazardFacts(h: HazardRow, locale: Locale) {
  return {
    ...hazardSummary(h, locale),
    source: h.source, checklistItemId: h.checklist_item_id,
    checklistTitle: locale === 'en' ? h.checklist_title_en ?? h.checklist_title : h.checklist_title,
    legalBasis: h.legal_basis, creditCode: h.credit_code, lng: Number(h.lng), lat: Number(h.lat), taskId: h.task_id,
    plan: {
      responsiblePerson: h.responsible_person, responsiblePhone: h.responsible_phone, measures: h.measures, funding: num(h.funding),
      contingencyPlan: h.contingency_plan, interimMeasures: h.interim_measures, plannedAt: iso(h.planned_at),
    },
    rectifiedAt: iso(h.rectified_at), rectifyNote: h.rectify_note,
    reinspection: {
      reinspectorName: h.reinspector_name, at: iso(h.reinspected_at), result: h.reinspect_result, note: h.reinspect_note, failed: h.failed_reinspections,
    },
    closedOutAt: iso(h.closed_out_at), closedOutBy: h.closed_out_by,
  };
}

export function countsView(c: Counts) {
  return {
    tasks: Number(c.tasks ?? 0), done: Number(c.done ?? 0), overdue: Number(c.overdue ?? 0), findings: Number(c.findings ?? 0),
    major: Number(c.major ?? 0), open: Number(c.open ?? 0), rectified: Number(c.rectified ?? 0), closed: Number(c.closed ?? 0),
  };
}

export function roundSummary(r: RoundRow, progress: Counts) {
  return {
    id: r.id, ref: r.ref, name: r.name, sectors: r.sectors, startsOn: r.starts_on, endsOn: r.ends_on, issuerUnit: r.issuer_unit,
    issuerName: r.issuer_name, createdAt: iso(r.created_at)!, progress: countsView(progress),
  };
}

export function targetView(t: TaskRow) {
  return {
    taskId: t.id, unitCode: t.unit_code, unitName: t.unit_name, unitKind: t.unit_kind, state: t.state, overdue: Boolean(t.overdue),
    doneAt: iso(t.done_at), doneNote: t.done_note, findings: Number(t.findings), major: Number(t.major), open: Number(t.open), closed: Number(t.closed),
  };
}

export function taskView(t: TaskRow) {
  return {
    ...targetView(t), roundId: t.round_id, roundRef: t.round_ref, roundName: t.round_name, sectors: t.sectors, startsOn: t.starts_on,
    endsOn: t.ends_on, note: t.note,
  };
}
