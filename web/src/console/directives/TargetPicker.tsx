import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Select, Space, TreeSelect, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { useUnitTree } from './unit-tree';

export interface Targets {
  units?: string[];
  levels?: Array<{ kind: string; under?: string }>;
  roles?: Array<{ role: string; under?: string }>;
}

export interface TargetEstimate {
  /** One line per part of the selection ("全部街道 · 渝中区（11）"). */
  parts: string[];
  /** Units reached at most (a unit named twice gets one receipt, so the real number may be lower). */
  atMost: number;
  /** Role targets cannot be counted here: the server resolves them. */
  byRole: boolean;
  loading: boolean;
}

const KINDS = ['street', 'community', 'grid', 'department', 'task_force', 'command_post', 'zone'];
const ROLES = ['street_operator', 'department_handler', 'grid_worker', 'district_operator', 'leader'];

export const isEmptyTarget = (v: Targets | undefined) => !v?.units?.length && !v?.levels?.some((l) => l.under) && !v?.roles?.length;

/** How many units each "every <kind> under <unit>" reaches, asked once per pair. */
const levelCounts = new Map<string, Promise<number>>();
function countLevel(kind: string, under: string): Promise<number> {
  const key = `${kind}@${under}`;
  let p = levelCounts.get(key);
  if (!p) {
    p = api.get<GetResponse<'/api/units'>>('/api/units', { kind, under, limit: 1 }).then((r) => r.total);
    levelCounts.set(key, p);
    p.catch(() => levelCounts.delete(key));
  }
  return p;
}

/**
 * Who receives: whole levels under a unit (every street, every grid of one street, every department), named
 * units picked in the unit tree below `root`, and units where a role is held. Used to issue (root = the
 * issuing centre) and to forward (root = the receipt's unit, so only its sub-units can be chosen).
 */
export function TargetPicker({ root, value, onChange, onEstimate, kinds = KINDS, showRoles = true }: {
  root: string | undefined; value?: Targets; onChange?: (v: Targets) => void; onEstimate?: (e: TargetEstimate) => void;
  kinds?: string[]; showRoles?: boolean;
}) {
  const t = useT();
  const tree = useUnitTree(root);
  const v = value ?? {};
  const levels = v.levels ?? [];
  const update = (patch: Partial<Targets>) => onChange?.({ ...v, ...patch });
  const setLevel = (i: number, patch: Partial<{ kind: string; under?: string }>) => update({ levels: levels.map((l, n) => (n === i ? { ...l, ...patch } : l)) });
  const addLevel = (kind: string, under?: string) => update({ levels: [...levels, { kind, under }] });

  const estimate = useTargetEstimate(v, tree.names, root);
  const latest = useRef(onEstimate);
  latest.current = onEstimate;
  useEffect(() => { latest.current?.(estimate); }, [estimate]);

  const treeProps = {
    treeDataSimpleMode: true, treeData: tree.nodes, loadData: (n: { value?: string | number }) => tree.loadChildren(String(n.value)),
    showSearch: true, treeNodeFilterProp: 'title', popupMatchSelectWidth: 360, treeDefaultExpandedKeys: root ? [root] : [],
  } as const;

  return (
    <Space orientation="vertical" size={10} style={{ width: '100%' }} data-testid="target-picker">
      <div>
        <Typography.Text strong>{t('directives.targets.levels')}</Typography.Text>
        <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>{t('directives.targets.levelsHint')}</Typography.Text>
        <Space orientation="vertical" size={6} style={{ width: '100%', marginTop: 6 }}>
          {levels.map((l, i) => (
            <Space key={i} size={6} wrap data-testid="target-level">
              <TreeSelect {...treeProps} style={{ width: 240 }} value={l.under} onChange={(u: string) => setLevel(i, { under: u })}
                placeholder={t('directives.targets.under')} aria-label={t('directives.targets.under')}
                treeData={tree.nodes.filter((n) => !n.isLeaf)} />
              <Typography.Text>{t('directives.targets.every')}</Typography.Text>
              <Select style={{ width: 130 }} value={l.kind} onChange={(k: string) => setLevel(i, { kind: k })} aria-label={t('directives.targets.kind')}
                options={kinds.map((k) => ({ value: k, label: t(`unitKind.${k}`) }))} />
              <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('directives.targets.remove')} onClick={() => update({ levels: levels.filter((_, n) => n !== i) })} />
            </Space>
          ))}
          <Space size={6} wrap>
            {kinds.includes('street') && <Button size="small" icon={<PlusOutlined />} onClick={() => addLevel('street', root)} data-testid="add-all-streets">{t('directives.targets.allStreets')}</Button>}
            {kinds.includes('department') && <Button size="small" icon={<PlusOutlined />} onClick={() => addLevel('department', root)}>{t('directives.targets.allDepartments')}</Button>}
            <Button size="small" icon={<PlusOutlined />} onClick={() => addLevel('grid', root)} data-testid="add-grids-under">{t('directives.targets.gridsUnder')}</Button>
            <Button size="small" icon={<PlusOutlined />} onClick={() => addLevel(kinds[0]!, root)}>{t('directives.targets.otherLevel')}</Button>
          </Space>
        </Space>
      </div>
      <div>
        <Typography.Text strong>{t('directives.targets.units')}</Typography.Text>
        <TreeSelect
          {...treeProps} multiple treeCheckable treeCheckStrictly showCheckedStrategy={TreeSelect.SHOW_ALL} allowClear maxTagCount={12}
          style={{ width: '100%', marginTop: 6 }} placeholder={t('directives.targets.unitsPlaceholder')} aria-label={t('directives.targets.units')}
          treeData={tree.nodes.map((n) => (n.value === root ? { ...n, disableCheckbox: true, selectable: false } : n))}
          value={(v.units ?? []).map((code) => ({ value: code, label: tree.names.get(code) ?? code }))}
          onChange={(picked: Array<{ value: string }>) => update({ units: picked.map((p) => p.value) })}
        />
      </div>
      {showRoles && (
        <div>
          <Typography.Text strong>{t('directives.targets.roles')}</Typography.Text>
          <Select
            mode="multiple" allowClear style={{ width: '100%', marginTop: 6 }} placeholder={t('directives.targets.rolesPlaceholder')} aria-label={t('directives.targets.roles')}
            value={(v.roles ?? []).map((r) => r.role)} onChange={(rs: string[]) => update({ roles: rs.map((role) => ({ role, under: root })) })}
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          />
        </div>
      )}
      <TargetSummary estimate={estimate} />
    </Space>
  );
}

export function TargetSummary({ estimate }: { estimate: TargetEstimate }) {
  const t = useT();
  if (estimate.parts.length === 0) return <Typography.Text type="secondary">{t('directives.targets.none')}</Typography.Text>;
  return (
    <div style={{ background: '#f6f8fb', border: '1px solid #e5e8ef', borderRadius: 4, padding: '6px 10px' }} data-testid="target-summary">
      <Typography.Text>{t('directives.targets.summary')}</Typography.Text>
      <ul style={{ margin: '2px 0', paddingInlineStart: 20 }}>{estimate.parts.map((p) => <li key={p}>{p}</li>)}</ul>
      <Typography.Text strong data-testid="target-count">
        {estimate.loading ? t('common.loading') : estimate.byRole
          ? t('directives.targets.atMostPlusRoles', { n: estimate.atMost }) : t('directives.targets.atMost', { n: estimate.atMost })}
      </Typography.Text>
    </div>
  );
}

/** The selection in words and the most units it can reach (the API has no dry run: counted from the unit list). */
function useTargetEstimate(v: Targets, names: Map<string, string>, root: string | undefined): TargetEstimate {
  const t = useT();
  const levels = useMemo(() => (v.levels ?? []).filter((l) => l.under), [v.levels]);
  const key = levels.map((l) => `${l.kind}@${l.under}`).join(',');
  const [counts, setCounts] = useState<Map<string, number>>(new Map());
  useEffect(() => {
    let live = true;
    void Promise.all(levels.map(async (l) => [`${l.kind}@${l.under}`, await countLevel(l.kind, l.under!).catch(() => NaN)] as const))
      .then((pairs) => { if (live) setCounts(new Map(pairs)); });
    return () => { live = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return useMemo(() => {
    const name = (code: string | undefined) => (code ? names.get(code) ?? code : '');
    const parts: string[] = [];
    let atMost = 0;
    let loading = false;
    for (const l of levels) {
      const n = counts.get(`${l.kind}@${l.under}`);
      if (n === undefined) loading = true; else if (!Number.isNaN(n)) atMost += n;
      parts.push(t('directives.targets.levelPart', { kind: t(`unitKind.${l.kind}`), under: name(l.under), n: n === undefined || Number.isNaN(n) ? '…' : n }));
    }
    const units = v.units ?? [];
    if (units.length) {
      atMost += units.length;
      parts.push(t('directives.targets.unitsPart', { n: units.length, names: units.slice(0, 6).map(name).join('、') + (units.length > 6 ? '…' : '') }));
    }
    const roles = v.roles ?? [];
    if (roles.length) parts.push(t('directives.targets.rolesPart', { roles: roles.map((r) => t(`role.${r.role}`)).join('、'), under: name(root) }));
    return { parts, atMost, byRole: roles.length > 0, loading };
  }, [levels, counts, v.units, v.roles, names, root, t]);
}
