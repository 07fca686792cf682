import { Select } from 'antd';
import { useRef, useState, type CSSProperties } from 'react';
import { api, type GetResponse } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';
import { unitName } from '../lib/reference';

type Units = GetResponse<'/api/units'>;

/** A unit picked by name or code, searched on the server (the unit tree has hundreds of grids). */
export function UnitSelect({ value, onChange, initialLabel, style, ariaLabel }: {
  value?: string; onChange?: (v: string) => void; initialLabel?: string; style?: CSSProperties; ariaLabel?: string;
}) {
  const t = useT();
  const locale = useLocale();
  const [options, setOptions] = useState<Array<{ value: string; label: string }>>(value ? [{ value, label: initialLabel ?? value }] : []);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);

  const search = (q: string) => {
    const mine = ++seq.current;
    setLoading(true);
    api.get<Units>('/api/units', { q: q || undefined, limit: 30 }).then((r) => {
      if (mine !== seq.current) return;
      setOptions(r.items.map((u) => ({ value: u.code, label: `${unitName(u, locale)} · ${t(`unitKind.${u.kind}`)}` })));
    }, () => undefined).finally(() => { if (mine === seq.current) setLoading(false); });
  };
  return (
    <Select
      showSearch value={value} onChange={onChange} options={options} loading={loading} filterOption={false} style={style}
      onSearch={search} onFocus={() => { if (options.length <= 1) search(''); }} aria-label={ariaLabel}
      notFoundContent={loading ? t('common.loading') : t('common.empty')} placeholder={t('admin.unitPlaceholder')}
    />
  );
}
