import { DatePicker, InputNumber, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../shared/i18n';
import { endOfDay } from './format';

export type DueSpec = { at: string } | { amount: number; unit: 'workDay' | 'day' };

type Mode = 'at' | 'workDay' | 'day';

/** A milestone's due date: a day (due at its end), or a number of working / calendar days from issue. */
export function DueInput({ value, onChange, id }: { value?: DueSpec; onChange?: (v: DueSpec) => void; id?: string }) {
  const t = useT();
  const mode: Mode = !value || 'at' in value ? 'at' : value.unit;
  const setMode = (m: Mode) => onChange?.(m === 'at' ? { at: endOfDay(dayjs().add(7, 'day')) } : { amount: value && 'amount' in value ? value.amount : 10, unit: m });
  return (
    <Space.Compact id={id} style={{ width: '100%' }}>
      <Select<Mode> value={mode} onChange={setMode} style={{ width: 92 }} aria-label={t('responsibility.form.due')}
        options={(['at', 'workDay', 'day'] as const).map((m) => ({ value: m, label: t(m === 'at' ? 'responsibility.due.date' : `responsibility.due.${m}`) }))} />
      {!value || 'at' in value ? (
        <DatePicker style={{ flex: 1, minWidth: 130 }} allowClear={false} value={value ? dayjs(value.at) : undefined}
          onChange={(d) => d && onChange?.({ at: endOfDay(d) })} disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
          aria-label={t('responsibility.form.due')} />
      ) : (
        <InputNumber min={1} max={1000} precision={0} style={{ flex: 1, minWidth: 130 }} value={value.amount} aria-label={t('responsibility.form.due')}
          onChange={(n) => onChange?.({ amount: Number(n) || 1, unit: value.unit })} />
      )}
    </Space.Compact>
  );
}

/** "2025-03-20" or "15 个工作日后" for a due date as it was given. */
export function dueSpecText(spec: Record<string, unknown>, t: (k: string, v?: Record<string, string | number>) => string): string {
  if (typeof spec.at === 'string') return dayjs(spec.at).format('YYYY-MM-DD');
  if (typeof spec.amount === 'number' && typeof spec.unit === 'string') return t('responsibility.due.after', { n: spec.amount, unit: t(`responsibility.due.${spec.unit}`) });
  return '—';
}
