import dayjs, { type Dayjs } from 'dayjs';

/** The API's period is [from, to) in Beijing dates; the picker shows inclusive days, so `to` is the day after. */
export function toQuery([start, end]: [Dayjs, Dayjs]): { from: string; to: string } {
  return { from: start.format('YYYY-MM-DD'), to: end.add(1, 'day').format('YYYY-MM-DD') };
}

export function presets(t: (k: string) => string): Array<{ label: string; value: [Dayjs, Dayjs] }> {
  const today = dayjs().startOf('day');
  const lastMonth = today.subtract(1, 'month');
  const quarterStart = today.month(Math.floor(today.month() / 3) * 3).startOf('month');
  return [
    { label: t('evaluation.thisMonth'), value: [today.startOf('month'), today] },
    { label: t('evaluation.lastMonth'), value: [lastMonth.startOf('month'), lastMonth.endOf('month').startOf('day')] },
    { label: t('evaluation.thisQuarter'), value: [quarterStart, today] },
    { label: t('evaluation.thisYear'), value: [today.startOf('year'), today] },
    { label: t('evaluation.last30'), value: [today.subtract(29, 'day'), today] },
  ];
}
