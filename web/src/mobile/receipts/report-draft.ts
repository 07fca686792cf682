// The execution report being written for one receipt: the text (also kept in sessionStorage, so a reload does
// not lose it) and the photos with the attachment id each got once sent. Photos go up before the report
// (a reported receipt is closed and takes no more photos); a photo that fails is retried alone, without typing
// the text again and without sending the ones that arrived twice.
import { uploadPending, type Photo } from '../common/photos';

export interface ReportDraft {
  text: string;
  photos: Photo[];
  /** photo key → attachment id, for the photos that arrived */
  sent: Record<string, string>;
}

const drafts = new Map<string, ReportDraft>();
const key = (receiptId: string) => `cy-m-receipt-report-${receiptId}`;

export function loadReportDraft(receiptId: string): ReportDraft {
  const d = drafts.get(receiptId);
  if (d) return d;
  return { text: sessionStorage.getItem(key(receiptId)) ?? '', photos: [], sent: {} };
}

export function saveReportDraft(receiptId: string, d: ReportDraft): void {
  drafts.set(receiptId, d);
  try { sessionStorage.setItem(key(receiptId), d.text); } catch { /* storage full: the draft stays in memory */ }
}

export function clearReportDraft(receiptId: string): void {
  for (const p of drafts.get(receiptId)?.photos ?? []) URL.revokeObjectURL(p.url);
  drafts.delete(receiptId);
  sessionStorage.removeItem(key(receiptId));
}

/** Sends the photos that have no attachment id yet, one after another; `onChange` gets each status. Returns how many failed. */
export function sendPendingPhotos(receiptId: string, d: ReportDraft, onChange: (p: Photo, id?: string) => void): Promise<number> {
  return uploadPending(receiptId, d.photos, 'report', onChange, (p) => Boolean(d.sent[p.key]));
}
