// A finding's photos go to the generic work-item attachments API as raw image bodies: stage 'report' before the
// rectification, 'handle' after it (the ledger shows them side by side).
import { ApiError, withQuery } from '../../shared/api';

export type PhotoStage = 'report' | 'handle';

export async function uploadHazardPhoto(itemId: string, file: Blob, name: string, stage: PhotoStage, locale: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/work-items/${itemId}/attachments`, { stage, name: name.slice(0, 200) }), {
      method: 'POST', credentials: 'same-origin', body: file, headers: { 'content-type': file.type || 'image/jpeg', 'x-locale': locale },
    });
  } catch {
    throw new ApiError(0, 'NETWORK', locale === 'en' ? 'Network error — check the connection and retry' : '网络异常，请检查网络后重试');
  }
  const data = await res.json().catch(() => null) as { id?: string; error?: { code: string; message: string } } | null;
  if (!res.ok || !data?.id) throw new ApiError(res.status, data?.error?.code ?? `HTTP_${res.status}`, data?.error?.message ?? res.statusText);
  return data.id;
}
