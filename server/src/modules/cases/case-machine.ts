import { defineMachine } from '../../platform/closed-loop/machine.js';

// The 数字城管 closed loop (GB/T 30428): 上报 → 立案/不予立案 → 派遣 → 处置 → 反馈 → 核查 → 结案,
// with 返工 back to dispatch, 回退, 挂账, and extensions and supervision orders that keep the state.
export const CASE_STATES = [
  'reported', 'registered', 'rejected', 'merged', 'dispatched', 'accepted', 'handled', 'verified', 'closed', 'parked',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const caseMachine = defineMachine({
  kind: 'case',
  states: CASE_STATES,
  initial: 'reported',
  final: ['rejected', 'merged', 'closed'],
  transitions: {
    register: { from: ['reported'], to: 'registered', permission: 'case:register' },
    reject: { from: ['reported'], to: 'rejected', permission: 'case:register' },
    // A duplicate report joins the case it repeats; its reporter follows that case to its close.
    merge: { from: ['reported', 'registered'], to: 'merged', permission: 'case:register' },
    dispatch: { from: ['registered'], to: 'dispatched', permission: 'case:dispatch' },
    accept: { from: ['dispatched'], to: 'accepted', permission: 'case:handle', byOwner: true },
    sendBack: { from: ['dispatched', 'accepted'], to: 'registered', permission: 'case:handle', byOwner: true },
    handle: { from: ['accepted'], to: 'handled', permission: 'case:handle', byOwner: true },
    verify: { from: ['handled'], to: 'verified', permission: 'case:verify' },
    rework: { from: ['handled', 'verified'], to: 'dispatched', permission: 'case:verify' },
    close: { from: ['verified'], to: 'closed', permission: 'case:close' },
    park: { from: ['registered', 'dispatched', 'accepted'], to: 'parked', permission: 'case:close' },
    unpark: { from: ['parked'], to: 'registered', permission: 'case:close' },
    requestExtension: { from: ['dispatched', 'accepted'], permission: 'case:handle', byOwner: true },
    decideExtension: { from: ['dispatched', 'accepted'], permission: 'case:dispatch' },
  },
});

export type CaseAction = keyof typeof caseMachine.transitions;
