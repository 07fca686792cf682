// Photos go to a work item's attachments (a case, a receipt, a milestone, a hazard) as the raw image body: the
// attachments API takes image bytes, not multipart. One function for every face and every kind of item.
import { ApiError, withQuery } from './api';

export type ImageStage = 'report' | 'handle' | 'verify' | 'other';

/** Sends one image; resolves to the attachment's id. Throws ApiError: the server's message, or a network error. */
export async function uploadImage(itemId: string, blob: Blob, opts: { stage: ImageStage; name: string; locale: string }): Promise<string> {
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/work-items/${itemId}/attachments`, { stage: opts.stage, name: opts.name.slice(0, 200) }), {
      method: 'POST', credentials: 'same-origin', body: blob, headers: { 'content-type': blob.type || 'image/jpeg', 'x-locale': opts.locale },
    });
  } catch {
    throw new ApiError(0, 'NETWORK', opts.locale === 'en' ? 'Network error — check the connection and retry' : '网络异常，请检查网络后重试');
  }
  const body = await res.json().catch(() => null) as { id?: string; error?: { code: string; message: string } } | null;
  if (!res.ok || !body?.id) throw new ApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? res.statusText);
  return body.id;
}
