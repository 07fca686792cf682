// The case actions the console offers: URL segment, the form fields each dialog shows, and how the
// button looks. `allowedActions` from the server decides which appear; supervise is offered by permission.
export type ActionField = 'note' | 'reason' | 'unit' | 'limit' | 'approve' | 'into' | 'deadline' | 'photos';

export interface ActionDef {
  key: string;
  path: string;
  fields: ActionField[];
  kind?: 'primary' | 'danger';
  /** Stage the dialog's photos are filed under. */
  photoStage?: 'handle' | 'verify';
}

export const ACTIONS: ActionDef[] = [
  { key: 'register', path: 'register', fields: ['note'], kind: 'primary' },
  { key: 'dispatch', path: 'dispatch', fields: ['unit', 'note'], kind: 'primary' },
  { key: 'accept', path: 'accept', fields: ['note'], kind: 'primary' },
  { key: 'handle', path: 'handle', fields: ['note', 'photos'], kind: 'primary', photoStage: 'handle' },
  { key: 'verify', path: 'verify', fields: ['note', 'photos'], kind: 'primary', photoStage: 'verify' },
  { key: 'close', path: 'close', fields: ['note'], kind: 'primary' },
  { key: 'unpark', path: 'unpark', fields: ['note'] },
  { key: 'requestExtension', path: 'extension', fields: ['limit', 'reason'] },
  { key: 'decideExtension', path: 'extension/decision', fields: ['approve', 'note'] },
  { key: 'merge', path: 'merge', fields: ['into', 'note'] },
  { key: 'reject', path: 'reject', fields: ['reason'], kind: 'danger' },
  { key: 'sendBack', path: 'send-back', fields: ['reason'], kind: 'danger' },
  { key: 'rework', path: 'rework', fields: ['reason'], kind: 'danger' },
  { key: 'park', path: 'park', fields: ['reason'], kind: 'danger' },
  { key: 'supervise', path: 'supervise', fields: ['reason', 'deadline'] },
];

export const LIMIT_UNITS = ['workHour', 'workDay', 'hour', 'workMinute', 'minute'] as const;
