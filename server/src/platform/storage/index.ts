import { join } from 'node:path';
import type { Config } from '../../config.js';
import type { BlobStore } from './blob-store.js';
import { LocalBlobStore } from './local-blob-store.js';

export * from './blob-store.js';
export { LocalBlobStore } from './local-blob-store.js';

/**
 * The deployment's blob store: files under `$DATA_DIR/blobs`. In a cluster every instance must mount
 * the same folder (or an S3-compatible BlobStore takes its place here).
 */
export function createBlobStore(config: Pick<Config, 'dataDir'>): BlobStore {
  return new LocalBlobStore(join(config.dataDir, 'blobs'));
}
