import { describe, expect, it } from 'vitest';
import { missingPlanFields } from './five-in-place.js';

describe('missingPlanFields', () => {
  const full = { responsiblePerson: '张三', measures: '拆除违规隔断', funding: 12000, deadline: { amount: 5, unit: 'workDay' }, contingencyPlan: '人员疏散预案' };

  it('asks an ordinary plan for who, how and by when only', () => {
    expect(missingPlanFields('ordinary', { responsiblePerson: '张三', measures: '清理通道', deadline: { at: '2030-01-01T00:00:00Z' } })).toEqual([]);
    expect(missingPlanFields('ordinary', {})).toEqual(['responsiblePerson', 'measures', 'deadline']);
  });

  it('asks a major plan for all five, in their order', () => {
    expect(missingPlanFields('major', full)).toEqual([]);
    expect(missingPlanFields('major', { measures: '  ', deadline: full.deadline })).toEqual(['responsiblePerson', 'measures', 'funding', 'contingencyPlan']);
  });

  it('does not count zero funding as funding in place', () => {
    expect(missingPlanFields('major', { ...full, funding: 0 })).toEqual(['funding']);
    expect(missingPlanFields('major', { ...full, funding: null })).toEqual(['funding']);
  });
});
