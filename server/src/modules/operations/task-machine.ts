import { defineMachine } from '../../platform/closed-loop/machine.js';

// An operation task (a phased task, a plan measure, a playbook measure): the owning post starts and completes it;
// the operation's command cancels it. Its clock runs from its phase's start to its deadline.
export const OPERATION_TASK_STATES = ['pending', 'in_progress', 'done', 'cancelled'] as const;
export type OperationTaskState = (typeof OPERATION_TASK_STATES)[number];

export const OPERATION_TASK_KIND = 'operation_task';

export const operationTaskMachine = defineMachine({
  kind: OPERATION_TASK_KIND,
  states: OPERATION_TASK_STATES,
  initial: 'pending',
  final: ['done', 'cancelled'],
  transitions: {
    start: { from: ['pending'], to: 'in_progress', permission: 'operation:duty', byOwner: true },
    complete: { from: ['pending', 'in_progress'], to: 'done', permission: 'operation:duty', byOwner: true },
    cancel: { from: ['pending', 'in_progress'], to: 'cancelled', permission: 'operation:manage' },
  },
});

export type OperationTaskAction = keyof typeof operationTaskMachine.transitions;
