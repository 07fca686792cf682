import { defineMachine } from '../../platform/closed-loop/machine.js';

// A finding's rectification (隐患整改), from 登记 to 销号:
//   found ─assign→ assigned ─plan (五落实 for 重大)→ rectifying ─reportRectified→ rectified
//   rectified ─reinspectPass→ accepted ─close (销号)→ closed;  rectified ─reinspectFail→ rectifying (rework)
// The centre may re-assign a misdirected finding or cancel a mistaken one before rectification starts.
export const HAZARD_STATES = ['found', 'assigned', 'rectifying', 'rectified', 'accepted', 'closed', 'cancelled'] as const;
export type HazardState = (typeof HAZARD_STATES)[number];

export const OPEN_HAZARD_STATES: readonly HazardState[] = ['found', 'assigned', 'rectifying', 'rectified', 'accepted'];

export const hazardMachine = defineMachine({
  kind: 'hazard',
  states: HAZARD_STATES,
  initial: 'found',
  final: ['closed', 'cancelled'],
  transitions: {
    assign: { from: ['found', 'assigned'], to: 'assigned', permission: 'hazard:manage' },
    plan: { from: ['assigned'], to: 'rectifying', permission: 'hazard:rectify', byOwner: true },
    reportRectified: { from: ['rectifying'], to: 'rectified', permission: 'hazard:rectify', byOwner: true },
    // Only the inspecting unit re-inspects: the item is handed back to it with the report.
    reinspectPass: { from: ['rectified'], to: 'accepted', permission: 'hazard:inspect', byOwner: true },
    reinspectFail: { from: ['rectified'], to: 'rectifying', permission: 'hazard:inspect', byOwner: true },
    close: { from: ['accepted'], to: 'closed', permission: 'hazard:manage', byOwner: true },
    cancel: { from: ['found', 'assigned'], to: 'cancelled', permission: 'hazard:manage' },
  },
});

export type HazardAction = keyof typeof hazardMachine.transitions;
