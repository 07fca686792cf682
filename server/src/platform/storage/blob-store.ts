import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** A blob's name: the SHA-256 of its bytes, 64 lowercase hex digits. */
export type BlobKey = string;

const KEY = /^[0-9a-f]{64}$/;

export function isBlobKey(key: string): boolean {
  return KEY.test(key);
}

export function blobKeyOf(bytes: Uint8Array): BlobKey {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface PutResult {
  key: BlobKey;
  size: number;
  /** False when a blob with these bytes was already stored (nothing was written). */
  created: boolean;
}

export interface BlobStream {
  stream: Readable;
  size: number;
}

/**
 * Content-addressed storage for files (photos and other evidence). A blob is named by the SHA-256 of its
 * bytes, so storing the same bytes twice keeps one copy, a key never points at different bytes, and a
 * blob written for a transaction that then rolled back is a harmless orphan. The embedded deployment
 * keeps blobs on the local disk (`LocalBlobStore`); an S3-compatible store can implement the same interface.
 */
export interface BlobStore {
  /** Stores the bytes (idempotent) and returns their key. */
  put(bytes: Uint8Array): Promise<PutResult>;
  /** The blob's bytes as a stream, or null when no blob has this key. */
  get(key: BlobKey): Promise<BlobStream | null>;
  exists(key: BlobKey): Promise<boolean>;
  /** Removes the blob; false when there was none. Callers must know no record still points at it. */
  delete(key: BlobKey): Promise<boolean>;
}
