import { describe, expect, it } from 'vitest';
import { isoWeekLabel, mondayOf, nextWeekToPublish, previousWeek, publicationAt } from './weekly.js';

// Beijing is UTC+8 all year: 2024-01-08 is a Monday; 2024-01-08T01:00Z is 09:00 there.
describe('weekly publication calendar', () => {
  it('finds the Monday of a Beijing week, across the UTC date line', () => {
    expect(mondayOf(new Date('2024-01-14T15:59:59Z'))).toBe('2024-01-08'); // Sunday 23:59:59 Beijing
    expect(mondayOf(new Date('2024-01-14T16:00:00Z'))).toBe('2024-01-15'); // Monday 00:00 Beijing
    expect(mondayOf(new Date('2024-01-10T04:00:00Z'))).toBe('2024-01-08');
  });

  it('takes the last whole Monday–Sunday week before a moment', () => {
    expect(previousWeek(new Date('2024-01-10T04:00:00Z'))).toEqual({ from: '2024-01-01', to: '2024-01-08' });
    expect(previousWeek(new Date('2024-01-08T00:30:00Z'))).toEqual({ from: '2024-01-01', to: '2024-01-08' });
  });

  it('publishes each week on the Monday after it, at 09:00 Beijing', () => {
    expect(publicationAt('2024-01-08').toISOString()).toBe('2024-01-08T01:00:00.000Z');
    expect(nextWeekToPublish(new Date('2024-01-08T00:59:59Z'))).toEqual({ from: '2024-01-01', to: '2024-01-08' });
    expect(nextWeekToPublish(new Date('2024-01-08T01:00:00Z'))).toEqual({ from: '2024-01-08', to: '2024-01-15' });
    expect(nextWeekToPublish(new Date('2024-01-13T12:00:00Z'))).toEqual({ from: '2024-01-08', to: '2024-01-15' });
  });

  it('labels Monday–Monday weeks with their ISO week, and nothing else', () => {
    expect(isoWeekLabel('2024-01-08', '2024-01-15')).toBe('2024-W02');
    expect(isoWeekLabel('2024-12-30', '2025-01-06')).toBe('2025-W01');
    expect(isoWeekLabel('2020-12-28', '2021-01-04')).toBe('2020-W53');
    expect(isoWeekLabel('2024-01-09', '2024-01-16')).toBeNull();
    expect(isoWeekLabel('2024-01-08', '2024-01-10')).toBeNull();
  });
});
