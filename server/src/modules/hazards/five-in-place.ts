import type { Grade } from './limits.js';

/** The five in place (五落实) of a 重大 finding: responsibility, measures, funding, deadline, contingency plan. */
export const FIVE_IN_PLACE = ['responsiblePerson', 'measures', 'funding', 'deadline', 'contingencyPlan'] as const;
export type PlanField = (typeof FIVE_IN_PLACE)[number];

// An ordinary finding's plan names who fixes it, how, and by when; funding and a contingency plan are optional.
const ORDINARY: readonly PlanField[] = ['responsiblePerson', 'measures', 'deadline'];

export interface PlanFacts {
  responsiblePerson?: string | null;
  measures?: string | null;
  funding?: number | null;
  deadline?: unknown;
  contingencyPlan?: string | null;
}

const present = (field: PlanField, v: PlanFacts): boolean => {
  const value = v[field];
  // Funding "in place" for a 重大 finding means money set aside, not a zero.
  if (field === 'funding') return typeof value === 'number' && value > 0;
  if (typeof value === 'string') return value.trim().length > 0;
  return value !== undefined && value !== null;
};

/** The plan fields the grade requires that the input lacks, in the order of the five. */
export function missingPlanFields(grade: Grade, input: PlanFacts): PlanField[] {
  const required = grade === 'major' ? FIVE_IN_PLACE : ORDINARY;
  return required.filter((f) => !present(f, input));
}
