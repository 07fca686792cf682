import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { Actor } from '../../platform/access/actor.js';
import type { ClosedLoop } from '../../platform/closed-loop/closed-loop.js';
import { timelineInsert } from '../../platform/closed-loop/work-item-repository.js';
import type { Db } from '../../platform/db/database.js';
import type { RequestMeta, TransactionRunner } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t, type Locale } from '../../platform/i18n/messages.js';
import type { UnitDirectory } from '../units/unit-directory.js';
import type { BlobStore, BlobStream } from '../../platform/storage/index.js';
import { attachableItem, readableItem } from './item-access.js';
import {
  findAttachment, findAttachmentByBlob, insertAttachment, type AttachmentRow, type AttachmentStage,
} from './attachments-repository.js';

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];
export const isImageType = (s: string): s is ImageType => (IMAGE_TYPES as readonly string[]).includes(s);

/** The largest photo accepted (the route's body limit). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const THUMB_WIDTH = 320;
// A 10 MB file can still claim a gigantic canvas; refuse more pixels than any camera takes (≈ 100 MP).
const MAX_PIXELS = 100_000_000;

const SHARP_FORMAT: Record<ImageType, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

/** The image type the bytes really are, from their signature (magic bytes), or null. */
export function sniffImageType(b: Uint8Array): ImageType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return 'image/png';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

export interface InspectedImage {
  contentType: ImageType;
  /** As displayed: after the EXIF orientation is applied. */
  width: number;
  height: number;
  /** A JPEG at most THUMB_WIDTH wide, turned upright, without EXIF (so without GPS). */
  thumbnail: Buffer;
}

function rejected(locale: Locale, code: string, params: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION_FAILED', {}, [{ field: 'body', code, message: t(locale, `attachments.errors.${code}`, params) }]);
}

/**
 * Checks that the bytes are the declared image type (signature and decoder agree) and that the whole
 * image decodes, and makes the thumbnail. The original is kept unchanged as evidence.
 */
export async function inspectImage(bytes: Buffer, declared: ImageType, locale: Locale): Promise<InspectedImage> {
  if (bytes.length === 0) throw rejected(locale, 'empty');
  const sniffed = sniffImageType(bytes);
  if (sniffed !== declared) throw rejected(locale, 'typeMismatch', { declared, actual: sniffed ?? t(locale, 'attachments.unknownType') });
  const options = { failOn: 'truncated', limitInputPixels: MAX_PIXELS } as const;
  let meta: sharp.Metadata;
  let thumbnail: Buffer;
  try {
    meta = await sharp(bytes, options).metadata();
    if (meta.format !== SHARP_FORMAT[declared]) throw rejected(locale, 'typeMismatch', { declared, actual: meta.format });
    if (meta.pages && meta.pages > 1) throw rejected(locale, 'animated');
    // Decoding every pixel for the thumbnail is also the proof that the file is a whole, readable image.
    thumbnail = await sharp(bytes, options)
      .rotate()
      .resize({ width: THUMB_WIDTH, withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer();
  } catch (err) {
    if (err instanceof AppError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (/pixel limit/i.test(message)) throw rejected(locale, 'tooManyPixels', { max: MAX_PIXELS });
    throw rejected(locale, 'undecodable', { type: declared });
  }
  const upright = meta.autoOrient ?? { width: meta.width!, height: meta.height! };
  return { contentType: declared, width: upright.width, height: upright.height, thumbnail };
}

export interface AttachmentDeps {
  db: Db;
  runner: TransactionRunner;
  loop: ClosedLoop;
  /** Where a case's handling unit sits (a department keeps reading the photos of a case it handled). */
  units: UnitDirectory;
  blobs: BlobStore;
}

export interface UploadInput {
  stage: AttachmentStage;
  name?: string;
  contentType: ImageType;
  bytes: Buffer;
}

/**
 * Attaches a photo to a work item (a case, a receipt's report, a milestone's progress…); `kind` restricts it
 * to one kind. `created` is false when the same photo was already attached to that step.
 */
export async function uploadAttachment(
  deps: AttachmentDeps, meta: RequestMeta & { locale: Locale }, itemId: string, input: UploadInput, kind?: string,
): Promise<{ attachment: AttachmentRow; created: boolean }> {
  // Checked before anything is written, so nobody can fill the disk with photos for items they cannot touch.
  await attachableItem(deps.db, deps, meta.actor, itemId, meta.locale, kind);
  const image = await inspectImage(input.bytes, input.contentType, meta.locale);
  // The blobs are written BEFORE the transaction: they are content-addressed, so if the transaction then
  // fails (or a retry writes them again) the result is at worst an unreferenced blob — never a row
  // pointing at missing bytes, and never two different files under one name.
  const original = await deps.blobs.put(input.bytes);
  const thumb = await deps.blobs.put(image.thumbnail);
  return deps.runner.run(meta, async (uow) => {
    const item = await attachableItem(uow.tx, deps, uow.actor, itemId, meta.locale, kind);
    const row = await insertAttachment(uow.tx, {
      id: randomUUID(), item_id: item.id, stage: input.stage, blob_key: original.key, thumb_key: thumb.key,
      content_type: image.contentType, bytes: input.bytes.length, width: image.width, height: image.height,
      original_name: input.name ?? null, uploaded_by: uow.actor.userId,
    }, uow.now);
    if (!row) return { attachment: (await findAttachmentByBlob(uow.tx, item.id, input.stage, original.key))!, created: false };
    const data = { attachmentId: row.id, stage: row.stage, sha256: row.blob_key, contentType: row.content_type, bytes: row.bytes };
    uow.defer(timelineInsert([{
      itemId: item.id, actorId: uow.actor.userId, actorName: uow.actor.displayName, action: 'attach',
      fromState: item.state, toState: item.state, unitCode: item.owner_unit, note: row.original_name, data,
    }]));
    uow.audit({ action: `${item.kind}.attachment`, targetType: item.kind, targetId: item.id, unitPath: item.home_path, detail: { ref: item.ref, ...data } });
    uow.emit({
      type: `${item.kind}.attachment`, unitPath: item.home_path, alsoPaths: item.owner_path === item.home_path ? [] : [item.owner_path],
      subjectType: item.kind, subjectId: item.id, payload: { attachmentId: row.id, stage: row.stage, ref: item.ref, state: item.state },
    });
    return { attachment: row, created: true };
  });
}

export interface AttachmentContent {
  attachment: AttachmentRow;
  /** The blob's key: the SHA-256 of the bytes served, used as the ETag. */
  key: string;
  contentType: string;
  /** Null when the caller already holds this version (If-None-Match). */
  blob: BlobStream | null;
}

/** The original photo or its thumbnail, for someone who may see its work item; 404 otherwise. */
export async function openAttachment(
  deps: AttachmentDeps, actor: Actor, id: string, variant: 'original' | 'thumb', ifNoneMatch?: string,
): Promise<AttachmentContent> {
  const notFound = () => new AppError('NOT_FOUND', { what: 'resource', id });
  const attachment = await findAttachment(deps.db, id);
  if (!attachment) throw notFound();
  // The item's own 404 would name the item; answer for the attachment instead.
  await readableItem(deps.db, deps, actor, attachment.item_id).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'NOT_FOUND' ? notFound() : err;
  });
  const key = variant === 'original' ? attachment.blob_key : attachment.thumb_key;
  const contentType = variant === 'original' ? attachment.content_type : 'image/jpeg';
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === `"${key}"`)) {
    return { attachment, key, contentType, blob: null };
  }
  const blob = await deps.blobs.get(key);
  // A row whose bytes are gone is lost evidence: a fault to log (500), not a 404 to shrug at.
  if (!blob) throw new Error(`blob ${key} of attachment ${id} is missing from the blob store`);
  return { attachment, key, contentType, blob };
}
