// The execution report being written for one receipt: the text (also kept in sessionStorage, so a reload does
// not lose it) and the photos with the attachment id each got once sent. Photos go up before the report
// (a reported receipt is closed and takes no more photos); a photo that fails is retried alone, without typing
// the text again and without sending the ones that arrived twice.
import { ApiError, withQuery } from '../../shared/api';
import type { Photo } from '../common/photos';

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

/** Sends one photo to the receipt; resolves to its attachment id. */
async function sendPhoto(receiptId: string, p: Photo, locale: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/work-items/${receiptId}/attachments`, { stage: 'report', name: p.name.slice(0, 200) }), {
      method: 'POST', credentials: 'same-origin', body: p.blob, headers: { 'content-type': p.blob.type || 'image/jpeg', 'x-locale': locale },
    });
  } catch {
    throw new ApiError(0, 'NETWORK', locale === 'en' ? 'Network error — check the connection and retry' : '网络异常，请检查网络后重试');
  }
  const body = await res.json().catch(() => null) as { id?: string; error?: { code: string; message: string } } | null;
  if (!res.ok || !body?.id) throw new ApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? res.statusText);
  return body.id;
}

/** Sends the photos that have no attachment id yet, one after another; `onChange` gets each status. Returns how many failed. */
export async function sendPendingPhotos(receiptId: string, d: ReportDraft, locale: string, onChange: (p: Photo, id?: string) => void): Promise<number> {
  let failed = 0;
  for (const p of d.photos) {
    if (d.sent[p.key]) continue;
    onChange({ ...p, status: 'uploading', error: undefined });
    try {
      const id = await sendPhoto(receiptId, p, locale);
      onChange({ ...p, status: 'done', error: undefined }, id);
    } catch (e) {
      failed++;
      onChange({ ...p, status: 'failed', error: (e as Error).message });
    }
  }
  return failed;
}
