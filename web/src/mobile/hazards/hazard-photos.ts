// A finding's photos go to the generic work-item attachments API (raw image body), one at a time (a weak link does
// better with one stream): stage 'report' before the fix. A photo that fails keeps its place for a retry.
import { ApiError, withQuery } from '../../shared/api';
import type { Photo } from '../common/photos';

async function send(itemId: string, p: Photo, locale: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/work-items/${itemId}/attachments`, { stage: 'report', name: p.name.slice(0, 200) }), {
      method: 'POST', credentials: 'same-origin', body: p.blob, headers: { 'content-type': p.blob.type || 'image/jpeg', 'x-locale': locale },
    });
  } catch {
    throw new ApiError(0, 'NETWORK', locale === 'en' ? 'Network error — check the connection and retry' : '网络异常，请检查网络后重试');
  }
  if (res.ok) return;
  const body = await res.json().catch(() => null) as { error?: { code: string; message: string } } | null;
  throw new ApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? res.statusText);
}

/** Sends the photos not sent yet; `onChange` sees every status change. Resolves to how many failed. */
export async function sendHazardPhotos(itemId: string, photos: Photo[], locale: string, onChange: (p: Photo) => void): Promise<number> {
  let failed = 0;
  for (const p of photos) {
    if (p.status === 'done') continue;
    onChange({ ...p, status: 'uploading', error: undefined });
    try {
      await send(itemId, p, locale);
      onChange({ ...p, status: 'done', error: undefined });
    } catch (e) {
      failed++;
      onChange({ ...p, status: 'failed', error: (e as Error).message });
    }
  }
  return failed;
}
