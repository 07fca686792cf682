import { RightOutlined } from '@ant-design/icons';
import { Drawer, Input, List, Spin, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, type GetResponse } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';

export type Category = GetResponse<'/api/categories'>['items'][number];

// What grid workers report most in Yuzhong's streets; the worker's own recent choices come before these.
const COMMON = ['E0101', 'E0501', 'E0505', 'E0506', 'E0201', 'E0104', 'E0102', 'C0108', 'C0102', 'E0402'];
const RECENT_KEY = 'cy-m-recent-categories';

export function rememberCategory(code: string): void {
  const recent = [code, ...recentCategories().filter((c) => c !== code)].slice(0, 6);
  localStorage.setItem(RECENT_KEY, JSON.stringify(recent));
}

function recentCategories(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

let cache: Promise<Category[]> | null = null;
/** The category table changes rarely: loaded once per page. */
export function loadCategories(): Promise<Category[]> {
  cache ??= api.get<GetResponse<'/api/categories'>>('/api/categories', { active: 'true' }).then((r) => r.items)
    .catch((e: unknown) => { cache = null; throw e; });
  return cache;
}

/** A form control: shows the chosen category; a tap opens a searchable list with the common ones first. */
export function CategoryPicker({ value, onChange, disabled, id }: { value?: string; onChange?(code: string): void; disabled?: boolean; id?: string }) {
  const t = useT();
  const locale = useLocale();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [all, setAll] = useState<Category[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => { loadCategories().then(setAll, (e: Error) => setError(e.message)); }, [open]);

  const nameOf = (c: Category) => (locale === 'en' && c.nameEn ? c.nameEn : c.name);
  const selected = all?.find((c) => c.code === value);
  const { common, groups } = useMemo(() => {
    const list = all ?? [];
    const needle = q.trim().toLowerCase();
    const hit = (c: Category) => !needle || c.name.includes(needle) || (c.nameEn ?? '').toLowerCase().includes(needle)
      || c.code.toLowerCase().startsWith(needle) || c.majorName.includes(needle);
    const byCode = new Map(list.map((c) => [c.code, c]));
    const firstCodes = [...new Set([...recentCategories(), ...COMMON])];
    const common = needle ? [] : firstCodes.map((c) => byCode.get(c)).filter((c): c is Category => !!c).slice(0, 10);
    const groups = new Map<string, Category[]>();
    for (const c of list.filter(hit)) {
      const g = `${c.kind === 'event' ? t('report.event') : t('report.component')} · ${c.majorName}`;
      groups.set(g, [...(groups.get(g) ?? []), c]);
    }
    return { common, groups: [...groups] };
  }, [all, q, t]);

  const pick = (code: string) => { onChange?.(code); setOpen(false); setQ(''); };

  return (
    <>
      <button type="button" id={id} className={`m-picker${selected ? '' : ' placeholder'}`} disabled={disabled}
        onClick={() => setOpen(true)} data-testid="category-picker">
        <span>{selected ? `${nameOf(selected)}（${selected.code}）` : value ?? t('report.categoryPlaceholder')}</span>
        <RightOutlined />
      </button>
      <Drawer open={open} placement="bottom" size="85%" title={t('report.category')} onClose={() => setOpen(false)}
        styles={{ body: { padding: 12 } }}>
        <Input.Search allowClear size="large" placeholder={t('report.categorySearch')} value={q} onChange={(e) => setQ(e.target.value)}
          style={{ marginBottom: 12 }} data-testid="category-search" />
        {error && <div className="m-meta">{error}</div>}
        {!all && !error && <div style={{ textAlign: 'center', padding: 24 }}><Spin /></div>}
        {common.length > 0 && (
          <>
            <div className="m-section-title">{t('report.common')}</div>
            <div className="m-chips" style={{ marginBottom: 12 }}>
              {common.map((c) => (
                <Tag.CheckableTag key={c.code} checked={c.code === value} onChange={() => pick(c.code)}
                  style={{ fontSize: 15, padding: '6px 12px', border: '1px solid #d9d9d9', marginInlineEnd: 0 }}>
                  {nameOf(c)}
                </Tag.CheckableTag>
              ))}
            </div>
          </>
        )}
        {all && groups.length === 0 && <div className="m-meta">{t('report.noCategory')}</div>}
        {groups.map(([g, items]) => (
          <div key={g}>
            <div className="m-section-title" style={{ marginTop: 8 }}>{g}</div>
            <List className="m-cat-list" size="small" dataSource={items} renderItem={(c) => (
              <List.Item onClick={() => pick(c.code)} data-testid={`category-${c.code}`}
                extra={c.code === value ? <Tag color="blue">{t('report.chosen')}</Tag> : undefined}>
                <span>{nameOf(c)} <span className="m-meta">{c.code}</span></span>
              </List.Item>
            )} />
          </div>
        ))}
      </Drawer>
    </>
  );
}
