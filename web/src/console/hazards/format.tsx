// How the hazard pages show grades, states and the loop's progress: the same colours on every page.
import { Steps, Tag } from 'antd';
import type { TFunction } from '../../shared/i18n';

export const HAZARD_STATES = ['found', 'assigned', 'rectifying', 'rectified', 'accepted', 'closed', 'cancelled'] as const;
export const OPEN_STATES = 'found,assigned,rectifying,rectified,accepted';

const STATE_COLOR: Record<string, string> = {
  found: 'cyan', assigned: 'geekblue', rectifying: 'blue', rectified: 'purple', accepted: 'lime', closed: 'success', cancelled: 'default',
};

export function HazardStateTag({ state, t }: { state: string; t: TFunction }) {
  return <Tag color={STATE_COLOR[state] ?? 'default'} style={{ marginInlineEnd: 0 }}>{t(`hazards.state.${state}`)}</Tag>;
}

/** 重大 in red, 一般 in orange: a major hazard must never look like an ordinary one. */
export function GradeTag({ grade, t }: { grade: string; t: TFunction }) {
  return <Tag color={grade === 'major' ? 'red' : 'orange'} style={{ marginInlineEnd: 0, fontWeight: grade === 'major' ? 600 : undefined }}>{t(`hazards.grade.${grade}`)}</Tag>;
}

// 登记 → 交办 → 方案 → 整改 → 复查 → 销号: the step each state waits for (a closed-out finding has finished them all).
const STEP_OF: Record<string, number> = { found: 1, assigned: 2, rectifying: 3, rectified: 4, accepted: 5, closed: 5, cancelled: 1 };

export function HazardSteps({ state, t }: { state: string; t: TFunction }) {
  const current = STEP_OF[state] ?? 0;
  const keys = ['found', 'assigned', 'planned', 'rectified', 'reinspected', 'closed'];
  return (
    <Steps size="small" current={current} status={state === 'cancelled' ? 'error' : state === 'closed' ? 'finish' : 'process'}
      items={keys.map((k) => ({ title: t(`hazards.steps.${k}`) }))} />
  );
}

export const yuan = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('zh-CN', { maximumFractionDigits: 2 }));
