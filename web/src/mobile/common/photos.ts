// Photos from the phone's camera: made small enough for a slow network, sent one at a time as raw image
// bodies to POST /api/cases/:id/attachments (image/jpeg|png|webp, at most 10 MB), each with its own status.
import { uploadImage, type ImageStage } from '../../shared/upload-image';

export type PhotoStatus = 'pending' | 'uploading' | 'done' | 'failed';
export type PhotoStage = ImageStage;

export interface Photo {
  key: string;
  blob: Blob;
  name: string;
  url: string;
  status: PhotoStatus;
  error?: string;
}

const SENDABLE = ['image/jpeg', 'image/png', 'image/webp'];
/** Larger photos are scaled down on the phone first: a 5 MB camera JPEG on a weak 4G link takes minutes. */
const SEND_AS_IS_BYTES = 1.5 * 1024 * 1024;
const MAX_EDGE = 2048;

async function reencode(file: Blob): Promise<Blob | null> {
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  } catch {
    return null;
  }
}

let seq = 0;

/** A picked file as a photo ready to send (the original when it is small and of a type the server takes). */
export async function preparePhoto(file: File): Promise<Photo> {
  let blob: Blob = file;
  let name = file.name || 'photo.jpg';
  if (!SENDABLE.includes(file.type) || file.size > SEND_AS_IS_BYTES) {
    const smaller = await reencode(file);
    if (smaller) {
      blob = smaller;
      name = name.replace(/\.[^.]*$/, '') + '.jpg';
    }
  }
  return { key: `p${Date.now()}-${seq++}`, blob, name, url: URL.createObjectURL(blob), status: 'pending' };
}

/**
 * Sends the photos that have not arrived yet to a work item, one after another (a weak link does better with one
 * stream than with five). `onChange` gets every status change, with the attachment id once a photo arrived;
 * `isSent` says which arrived before (default: status done). Resolves to the number that failed.
 */
export async function uploadPending(
  itemId: string, photos: Photo[], stage: PhotoStage, onChange: (p: Photo, id?: string) => void,
  isSent: (p: Photo) => boolean = (p) => p.status === 'done',
): Promise<number> {
  let failed = 0;
  for (const p of photos) {
    if (isSent(p)) continue;
    onChange({ ...p, status: 'uploading', error: undefined });
    try {
      const id = await uploadImage(itemId, p.blob, { stage, name: p.name });
      onChange({ ...p, status: 'done', error: undefined }, id);
    } catch (e) {
      failed++;
      onChange({ ...p, status: 'failed', error: (e as Error).message });
    }
  }
  return failed;
}

export function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result as string);
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });
}

export async function dataUrlToBlob(url: string): Promise<Blob> {
  return (await fetch(url)).blob();
}
