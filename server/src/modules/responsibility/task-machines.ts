import { defineMachine } from '../../platform/closed-loop/machine.js';

// A task of a responsibility list is open until every milestone of it is completed (then it completes by
// itself, in the same transaction as the last milestone) or the issuer cancels it.
export const TASK_STATES = ['open', 'completed', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const taskMachine = defineMachine({
  kind: 'task',
  states: TASK_STATES,
  initial: 'open',
  final: ['completed', 'cancelled'],
  transitions: {
    complete: { from: ['open'], to: 'completed', permission: 'task:report' },
    cancel: { from: ['open'], to: 'cancelled', permission: 'task:manage' },
  },
});

// A milestone (节点) runs one clock from its creation (or last reschedule) to its due instant; progress reports
// keep it open, 100 % (or an explicit completion) closes it; the issuer may move its date or cancel its task.
export const MILESTONE_STATES = TASK_STATES;
export type MilestoneState = TaskState;

export const milestoneMachine = defineMachine({
  kind: 'milestone',
  states: MILESTONE_STATES,
  initial: 'open',
  final: ['completed', 'cancelled'],
  transitions: {
    progress: { from: ['open'], permission: 'task:report', byOwner: true },
    complete: { from: ['open'], to: 'completed', permission: 'task:report', byOwner: true },
    reschedule: { from: ['open'], permission: 'task:manage' },
    cancel: { from: ['open'], to: 'cancelled', permission: 'task:manage' },
  },
});

/** The clock's stage name on a milestone's work item. */
export const MILESTONE_STAGE = 'milestone';
