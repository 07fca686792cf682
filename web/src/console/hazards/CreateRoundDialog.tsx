import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { api, ApiError } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { isEmptyTarget, TargetPicker, type Targets } from '../directives/TargetPicker';
import { showFieldErrors } from '../lib/http';
import { sectorName, useSectors } from './use-sectors';

// Roles that manage hazard inspection (hazard:manage); the server checks the same.
const MANAGE_ROLES = ['admin', 'district_commander', 'district_operator', 'street_operator'];
const KINDS = ['grid', 'community', 'street', 'department'];

interface Values { name?: string; sectors?: string[]; period?: [Dayjs, Dayjs]; targets?: Targets; note?: string; issuerUnit?: string }

/** 下达排查: a round for some sectors over a period, one inspection task for each target unit below the issuing centre. */
export function CreateRoundDialog({ onClose, onDone }: { onClose(): void; onDone(id: string): void }) {
  const t = useT();
  const locale = useLocale();
  const { message } = App.useApp();
  const session = useSession();
  const sectors = useSectors();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const issuers = useMemo(() => [...new Set(session.me.grants.filter((g) => MANAGE_ROLES.includes(g.role)).map((g) => g.unitCode))], [session.me.grants]);
  const issuer = Form.useWatch('issuerUnit', form) ?? issuers[0];

  async function submit(v: Values) {
    if (isEmptyTarget(v.targets)) { form.setFields([{ name: 'targets', errors: [t('hazards.dialog.required')] }]); return; }
    setBusy(true);
    try {
      const levels = v.targets!.levels?.filter((l) => l.under);
      const res = await api.post<{ id: string; ref: string; tasks: number }>('/api/hazards/rounds', {
        name: v.name?.trim(), sectors: v.sectors, startsOn: v.period![0].format('YYYY-MM-DD'), endsOn: v.period![1].format('YYYY-MM-DD'),
        targets: { units: v.targets!.units?.length ? v.targets!.units : undefined, levels: levels?.length ? levels : undefined },
        note: v.note?.trim() || null, issuerUnit: issuer,
      });
      message.success(t('hazards.rounds.created', { ref: res.ref, n: res.tasks }));
      onDone(res.id);
    } catch (e) {
      if (e instanceof ApiError && e.fields.some((f) => f.field.startsWith('body.startsOn') || f.field.startsWith('body.endsOn'))) {
        form.setFields([{ name: 'period', errors: e.fields.map((f) => f.message) }]);
      } else if (!showFieldErrors(form, e, ['name', 'sectors', 'targets', 'note'])) message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const required = [{ required: true, message: t('hazards.dialog.required') }];
  return (
    <Modal open title={t('hazards.rounds.create')} width={820} onCancel={onClose} destroyOnHidden okText={t('hazards.rounds.create')} cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', form: 'hazard-round', loading: busy }}>
      <Form id="hazard-round" form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark
        initialValues={{ issuerUnit: issuers[0], period: [dayjs(), dayjs().add(7, 'day')] }}>
        {issuers.length > 1 && (
          <Form.Item name="issuerUnit" label={t('hazards.rounds.field.issuer')}><Select options={issuers.map((c) => ({ value: c, label: c }))} /></Form.Item>
        )}
        <Form.Item name="name" label={t('hazards.rounds.field.name')} rules={[...required, { min: 2, max: 200 }]}>
          <Input maxLength={200} placeholder={t('hazards.rounds.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="sectors" label={t('hazards.rounds.field.sectors')} rules={required}>
          <Select mode="multiple" options={sectors.map((s) => ({ value: s.code, label: sectorName(s, locale) }))} data-testid="round-sectors" />
        </Form.Item>
        <Form.Item name="period" label={t('hazards.rounds.field.period')} rules={required}>
          <DatePicker.RangePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="targets" label={t('hazards.rounds.field.targets')} required>
          <TargetPicker root={issuer} kinds={KINDS} showRoles={false} />
        </Form.Item>
        <Form.Item name="note" label={t('hazards.rounds.field.note')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
      </Form>
    </Modal>
  );
}
