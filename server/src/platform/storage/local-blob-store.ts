import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { blobKeyOf, isBlobKey, type BlobKey, type BlobStore, type BlobStream, type PutResult } from './blob-store.js';

const isMissing = (err: unknown) => (err as { code?: string }).code === 'ENOENT';

/**
 * Blobs as files under one folder (`$DATA_DIR/blobs` by default), sharded by the first two bytes of the
 * key: `ab/cd/abcd…`. A write goes to a temporary file in the target folder, is flushed, then renamed into
 * place, so a reader (or a crash) never sees a half-written blob. Two processes writing the same key race
 * harmlessly: both files hold the same bytes and the last rename wins.
 */
export class LocalBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  /** Where the blob with this key lives (or would live). */
  pathOf(key: BlobKey): string {
    if (!isBlobKey(key)) throw new Error(`not a blob key: ${key.slice(0, 80)}`);
    return join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(bytes: Uint8Array): Promise<PutResult> {
    const key = blobKeyOf(bytes);
    const path = this.pathOf(key);
    const existing = await stat(path).catch((err: unknown) => {
      if (isMissing(err)) return null;
      throw err;
    });
    if (existing && existing.size === bytes.byteLength) return { key, size: bytes.byteLength, created: false };
    const dir = join(this.root, key.slice(0, 2), key.slice(2, 4));
    await mkdir(dir, { recursive: true });
    // Dot-prefixed and random: never mistaken for a blob, never shared by two writers.
    const temp = join(dir, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const file = await open(temp, 'wx', 0o640);
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    return { key, size: bytes.byteLength, created: true };
  }

  async get(key: BlobKey): Promise<BlobStream | null> {
    if (!isBlobKey(key)) return null;
    try {
      // Open first, then size the open file: a concurrent delete cannot pull it away between the two.
      const file = await open(this.pathOf(key), 'r');
      try {
        const { size } = await file.stat();
        return { stream: file.createReadStream({ autoClose: true }), size };
      } catch (err) {
        await file.close();
        throw err;
      }
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async exists(key: BlobKey): Promise<boolean> {
    if (!isBlobKey(key)) return false;
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async delete(key: BlobKey): Promise<boolean> {
    if (!isBlobKey(key)) return false;
    try {
      await unlink(this.pathOf(key));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }
}
