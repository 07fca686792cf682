import { Tag } from 'antd';
import type { TFunction } from '../../shared/i18n';
import { KIND_COLOR } from './links';

/** A label from the catalogue, or the raw value for a kind or state it does not know yet. */
export function labelOr(t: TFunction, key: string, raw: string): string {
  const s = t(key);
  return s === key ? raw : s;
}

export function KindTag({ kind, t }: { kind: string; t: TFunction }) {
  return <Tag color={KIND_COLOR[kind] ?? 'default'} style={{ marginInlineEnd: 0 }}>{labelOr(t, `supervision.kinds.${kind}`, kind)}</Tag>;
}

/** Each kind names its states in its own catalogue: cases in the shared one, the rest here. */
export function stateLabel(t: TFunction, kind: string, state: string): string {
  return kind === 'case' ? labelOr(t, `state.${state}`, state) : labelOr(t, `supervision.states.${state}`, state);
}

export const unitName = (locale: string, u: { name: string; nameEn?: string | null }) => (locale === 'en' && u.nameEn) || u.name;
