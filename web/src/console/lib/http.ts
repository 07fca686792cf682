// Console helpers around the shared api client: form field errors, raw photo upload, file download URLs.
import type { FormInstance } from 'antd';
import { uploadImage, type ImageStage } from '../../shared/upload-image';
import { ApiError, withQuery } from '../../shared/api';

/**
 * The server's field messages on the form's fields. Server paths look like `body.limit.amount` or
 * `query.to`; the request part is dropped and the rest becomes the antd name path. Returns false when
 * no message belongs to a field the form has (the caller then shows the error as a message).
 */
export function showFieldErrors(form: FormInstance, err: unknown, known: string[]): boolean {
  if (!(err instanceof ApiError) || err.fields.length === 0) return false;
  const fields = err.fields
    .map((f) => ({ name: f.field.split('.').slice(1).filter((s) => !/^\d+$/.test(s)), errors: [f.message] }))
    .filter((f) => f.name.length > 0 && known.includes(f.name[0]!));
  if (fields.length === 0) return false;
  form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })));
  return true;
}

let locale = 'zh-CN';
export function setUploadLocale(l: string): void { locale = l; }

/** A case photo (the console's case dialogs); see shared/upload-image.ts. */
export async function uploadPhoto(caseId: string, file: File, stage: ImageStage): Promise<void> {
  await uploadImage(caseId, file, { stage, name: file.name });
}

/** Downloads a same-origin GET as a file (name from Content-Disposition); a server error becomes an ApiError. */
export async function downloadFile(path: string, query: Record<string, string | number | boolean | undefined | null>, fallbackName: string): Promise<void> {
  const res = await fetch(withQuery(path, query), { credentials: 'same-origin', headers: { 'x-locale': locale } });
  if (!res.ok) {
    const data = await res.json().catch(() => ({})) as { error?: { code: string; message: string } };
    throw new ApiError(res.status, data.error?.code ?? `HTTP_${res.status}`, data.error?.message ?? res.statusText);
  }
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  const name = star ? decodeURIComponent(star[1]!) : fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
