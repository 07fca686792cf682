// 岗位值守: every post of the operation in the command's order (each command post followed by its street
// sub-commands, then the task forces), with who answers for it now and whether they checked in. Absent posts blink;
// a post nobody is scheduled at now is a gap (空岗, hatched red); a post whose during phase has uncovered stretches
// later carries a small flag with how many.
import { useMemo } from 'react';
import { useLocale, useT } from '../../shared/i18n';
import { beijingTime } from '../time';
import { zoneLabel } from './tiers';
import type { DutyPost, OperationSummary } from './useOperationScreen';

const hhmm = (iso: string) => beijingTime(iso).slice(0, 5);

/** The posts depth-first from the command: a command post's street sub-commands right under it. */
function inTreeOrder(posts: DutyPost[]): Array<{ post: DutyPost; depth: number }> {
  const ids = new Set(posts.map((p) => p.id));
  const children = new Map<string | null, DutyPost[]>();
  for (const p of posts) {
    const parent = p.parentId && ids.has(p.parentId) ? p.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), p]);
  }
  const out: Array<{ post: DutyPost; depth: number }> = [];
  const walk = (parent: string | null, depth: number) => {
    for (const p of children.get(parent) ?? []) {
      out.push({ post: p, depth });
      walk(p.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** A command post by its zone (解放碑), any other post by its unit (解放碑街道, 交通运输专班): the kind tag says what it is. */
const shortName = (p: DutyPost, t: ReturnType<typeof useT>, locale: string) => {
  if (p.kind === 'command') return t('operationScreen.duty.command');
  return zoneLabel(p.zone ?? p.unit, locale);
};

function PostRow({ post: p, depth }: { post: DutyPost; depth: number }) {
  const t = useT();
  const locale = useLocale();
  const c = p.current;
  const title = [
    p.name,
    c ? `${c.personName}${c.personPhone ? ` ${c.personPhone}` : ''} · ${hhmm(c.startsAt)}–${hhmm(c.endsAt)}` : null,
    c?.checkedInAt ? t('operationScreen.duty.checkedInAt', { time: hhmm(c.checkedInAt) }) : null,
    p.gapNow ? t('operationScreen.duty.gapUntil', { time: hhmm(p.gapNow.endsAt) }) : null,
    p.gaps ? t('operationScreen.duty.gapsTitle', { n: p.gaps, minutes: p.gapMinutes }) : null,
  ].filter(Boolean).join('\n');
  return (
    <li className={`op-post op-post-${p.state} ${depth > 1 ? 'op-post-sub' : ''}`} data-testid="duty-post" data-unit={p.unitCode} data-state={p.state} title={title}>
      <i className="op-post-dot" />
      <span className={`op-post-kind op-kind-${p.kind}`}>{t(`operationScreen.duty.kind.${p.kind}`)}</span>
      <span className="op-post-name">
        <span className="op-post-label">{shortName(p, t, locale)}</span>
        {p.gaps > 0 && p.state !== 'gap' && <sup className="op-post-gaps">{t('operationScreen.duty.gapsFlag', { n: p.gaps })}</sup>}
      </span>
      <span className="op-post-person">{c ? c.personName : p.state === 'gap' ? t('operationScreen.duty.nobody') : '—'}</span>
      <span className="op-post-state">
        {t(`operationScreen.duty.state.${p.state}`)}{c?.late ? <small>{t('operationScreen.duty.late')}</small> : null}
      </span>
    </li>
  );
}

export function DutySummary({ summary: s }: { summary: OperationSummary['duty']['summary'] }) {
  const t = useT();
  return (
    <span className="op-panel-figures" data-testid="duty-summary">
      <b className="op-c-on">{t('operationScreen.duty.state.on_duty')} {s.onDuty}</b>
      {s.due > 0 && <b className="op-c-due">{t('operationScreen.duty.state.due')} {s.due}</b>}
      <b className={s.absent ? 'op-c-red' : 'op-c-dim'}>{t('operationScreen.duty.state.absent')} {s.absent}</b>
      <b className={s.gapNow ? 'op-c-red' : 'op-c-dim'}>{t('operationScreen.duty.state.gap')} {s.gapNow}</b>
    </span>
  );
}

export function DutyPanel({ duty }: { duty: OperationSummary['duty'] }) {
  const t = useT();
  const rows = useMemo(() => inTreeOrder(duty.posts), [duty.posts]);
  if (rows.length === 0) return <div className="cy-empty">{t('operationScreen.duty.none')}</div>;
  // Two columns when the posts would not fit one below the other; rows of a fixed height from the top.
  const perColumn = rows.length > 12 ? Math.ceil(rows.length / 2) : rows.length;
  return (
    <ul className={`op-posts ${perColumn < rows.length ? 'op-posts-2' : ''}`} style={{ gridTemplateRows: `repeat(${perColumn}, minmax(0, 30px))` }} data-testid="duty-posts">
      {rows.map(({ post, depth }) => <PostRow key={post.id} post={post} depth={depth} />)}
    </ul>
  );
}
