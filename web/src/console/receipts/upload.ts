// A receipt's execution photos go to the generic work-item attachments API (raw image body), before the report
// that cites their ids: once reported the receipt is closed and takes no more photos.
import { ApiError, withQuery } from '../../shared/api';

export async function uploadItemPhoto(itemId: string, file: Blob, name: string, locale: string): Promise<{ id: string }> {
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/work-items/${itemId}/attachments`, { stage: 'report', name: name.slice(0, 200) }), {
      method: 'POST', credentials: 'same-origin', body: file, headers: { 'content-type': file.type || 'image/jpeg', 'x-locale': locale },
    });
  } catch {
    throw new ApiError(0, 'NETWORK', locale === 'en' ? 'Network error — check the connection and retry' : '网络异常，请检查网络后重试');
  }
  const data = await res.json().catch(() => null) as { id?: string; error?: { code: string; message: string } } | null;
  if (!res.ok || !data?.id) throw new ApiError(res.status, data?.error?.code ?? `HTTP_${res.status}`, data?.error?.message ?? res.statusText);
  return { id: data.id };
}
