// Photos go to a work item's attachments (a case, a receipt, a milestone, a hazard) as the raw image body: the
// attachments API takes image bytes, not multipart. One function for every face and every kind of item.
import { api } from './api';

export type ImageStage = 'report' | 'handle' | 'verify' | 'other';

/** Sends one image; resolves to the attachment's id. Throws ApiError: the server's message, or a network error. */
export async function uploadImage(itemId: string, blob: Blob, opts: { stage: ImageStage; name: string }): Promise<string> {
  const created = await api.upload<{ id: string }>(`/api/work-items/${itemId}/attachments`, blob, { stage: opts.stage, name: opts.name.slice(0, 200) });
  return created.id;
}
