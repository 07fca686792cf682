import { DatePicker, InputNumber, Radio, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../shared/i18n';
import type { DeadlineSpec } from './receipt-format';

const UNITS = ['workHour', 'workDay', 'hour', 'workMinute', 'minute'];

/**
 * A time limit counted from when each receipt is made (working hours and days skip holidays and count
 * make-up workdays), or one absolute instant. The value is the API's own shape: {amount, unit} or {at}.
 */
export function DeadlineInput({ value, onChange, testId }: { value?: DeadlineSpec; onChange?: (v: DeadlineSpec) => void; testId?: string }) {
  const t = useT();
  const absolute = !!value && 'at' in value;
  return (
    <Space wrap size={8} data-testid={testId}>
      <Radio.Group
        optionType="button" size="middle" value={absolute ? 'at' : 'relative'}
        onChange={(e) => onChange?.(e.target.value === 'at' ? { at: dayjs().add(1, 'day').hour(18).minute(0).second(0).toISOString() } : { amount: 1, unit: 'workDay' })}
        options={[{ value: 'relative', label: t('directives.deadline.relativeMode') }, { value: 'at', label: t('directives.deadline.absoluteMode') }]}
      />
      {value && 'at' in value ? (
        <DatePicker
          showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 190 }} allowClear={false}
          value={dayjs(value.at)} onChange={(d) => d && onChange?.({ at: d.second(0).toISOString() })}
          disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} aria-label={t('directives.deadline.at')}
        />
      ) : (
        <Space.Compact>
          <InputNumber min={1} max={10000} precision={0} style={{ width: 100 }} value={value?.amount ?? 1} aria-label={t('directives.deadline.amount')}
            onChange={(n) => onChange?.({ amount: Number(n) || 1, unit: value && 'unit' in value ? value.unit : 'workDay' })} />
          <Select style={{ width: 120 }} value={value && 'unit' in value ? value.unit : 'workDay'} aria-label={t('directives.deadline.unit')}
            onChange={(u: string) => onChange?.({ amount: value && 'amount' in value ? value.amount : 1, unit: u })}
            options={UNITS.map((u) => ({ value: u, label: t(`limitUnit.${u}`) }))} />
        </Space.Compact>
      )}
    </Space>
  );
}
