/** Receipt state colours on the phone, the same as the console's: blue to sign, orange to re-sign, green reported. */
export const RECEIPT_COLOR: Record<string, string> = {
  pending: 'processing', signed: 'cyan', forwarded: 'geekblue', done: 'success', resign: 'orange', recalled: 'default',
};
export const OPEN_RECEIPTS = 'pending,resign,signed,forwarded';
export const isOpen = (state: string) => state !== 'done' && state !== 'recalled';
