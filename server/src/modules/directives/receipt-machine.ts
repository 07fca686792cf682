import { defineMachine } from '../../platform/closed-loop/machine.js';

// A directive's receipt at one unit: 签收 → (转发 to sub-units) → 反馈落实, with the issuer's amendment
// (修改: back to "re-sign") and recall (撤回) applied to every open receipt at once.
export const RECEIPT_STATES = ['pending', 'signed', 'forwarded', 'done', 'resign', 'recalled'] as const;
export type ReceiptState = (typeof RECEIPT_STATES)[number];

export const OPEN_RECEIPT_STATES: readonly ReceiptState[] = ['pending', 'signed', 'forwarded', 'resign'];

export const receiptMachine = defineMachine({
  kind: 'receipt',
  states: RECEIPT_STATES,
  initial: 'pending',
  final: ['done', 'recalled'],
  transitions: {
    sign: { from: ['pending', 'resign'], to: 'signed', permission: 'directive:sign', byOwner: true },
    forward: { from: ['signed', 'forwarded'], to: 'forwarded', permission: 'directive:sign', byOwner: true },
    report: { from: ['signed', 'forwarded'], to: 'done', permission: 'directive:sign', byOwner: true },
    // The issuer's actions, taken on all of a directive's open receipts in one statement (receipt-batch.ts).
    amend: { from: ['pending', 'signed', 'forwarded', 'resign'], to: 'resign', permission: 'directive:issue' },
    recall: { from: ['pending', 'signed', 'forwarded', 'resign'], to: 'recalled', permission: 'directive:issue' },
  },
});

export type ReceiptAction = keyof typeof receiptMachine.transitions;
