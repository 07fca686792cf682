// The unit tree below one unit, loaded a level at a time as the user opens it (a district has hundreds of
// grids): the nodes for antd's TreeSelect in simple mode, and the names of what was loaded.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, type GetResponse } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';
import { unitName } from '../lib/reference';

type Units = GetResponse<'/api/units'>;
type Unit = Units['items'][number];

export interface UnitNode { id: string; pId?: string; value: string; title: string; isLeaf: boolean; kind: string }

// Units a grid or a zone holds nothing below.
const LEAF_KINDS = ['grid', 'zone', 'command_post'];

export function useUnitTree(root: string | undefined) {
  const locale = useLocale();
  const t = useT();
  const [nodes, setNodes] = useState<UnitNode[]>([]);
  const loaded = useRef(new Set<string>());

  const toNode = useCallback((u: Unit, top = false): UnitNode => ({
    id: u.code, pId: top ? undefined : u.parentCode ?? undefined, value: u.code,
    title: `${unitName(u, locale)} · ${t(`unitKind.${u.kind}`)}`, isLeaf: LEAF_KINDS.includes(u.kind), kind: u.kind,
  }), [locale, t]);

  const loadChildren = useCallback(async (code: string) => {
    if (loaded.current.has(code)) return;
    loaded.current.add(code);
    try {
      const r = await api.get<Units>('/api/units', { parent: code, limit: 500 });
      setNodes((n) => [...n, ...r.items.filter((u) => u.active).map((u) => toNode(u))]);
    } catch {
      loaded.current.delete(code);
    }
  }, [toNode]);

  useEffect(() => {
    if (!root) return;
    let live = true;
    loaded.current = new Set();
    setNodes([]);
    api.get<Unit>(`/api/units/${root}`).then((u) => {
      if (!live) return;
      setNodes((n) => [toNode(u, true), ...n]);
      void loadChildren(root);
    }, () => undefined);
    return () => { live = false; };
  }, [root, toNode, loadChildren]);

  const names = useMemo(() => new Map(nodes.map((n) => [n.value, n.title.split(' · ')[0]!])), [nodes]);
  return { nodes, loadChildren, names };
}
