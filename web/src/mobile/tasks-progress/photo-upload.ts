// A milestone's photos go to the generic work-item attachments API (raw image body) before the report that cites
// their ids: a completed milestone is closed and takes no more photos. A failed photo is retried alone.
import { ApiError, withQuery } from '../../shared/api';
import type { Photo } from '../common/photos';

async function sendPhoto(itemId: string, p: Photo, locale: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/work-items/${itemId}/attachments`, { stage: 'report', name: p.name.slice(0, 200) }), {
      method: 'POST', credentials: 'same-origin', body: p.blob, headers: { 'content-type': p.blob.type || 'image/jpeg', 'x-locale': locale },
    });
  } catch {
    throw new ApiError(0, 'NETWORK', locale === 'en' ? 'Network error — check the connection and retry' : '网络异常，请检查网络后重试');
  }
  const body = await res.json().catch(() => null) as { id?: string; error?: { code: string; message: string } } | null;
  if (!res.ok || !body?.id) throw new ApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? res.statusText);
  return body.id;
}

/** Sends the photos without an attachment id yet, one after another (`sent`: photo key → id); returns how many failed. */
export async function sendPending(itemId: string, photos: Photo[], sent: Record<string, string>, locale: string,
  onChange: (p: Photo, id?: string) => void): Promise<number> {
  let failed = 0;
  for (const p of photos) {
    if (sent[p.key]) continue;
    onChange({ ...p, status: 'uploading', error: undefined });
    try {
      onChange({ ...p, status: 'done', error: undefined }, await sendPhoto(itemId, p, locale));
    } catch (e) {
      failed++;
      onChange({ ...p, status: 'failed', error: (e as Error).message });
    }
  }
  return failed;
}
