import type { TypedApp } from '../../app.js';
import type { Platform } from '../../platform/platform.js';
import { createBlobStore } from '../../platform/storage/index.js';
import { registerAttachmentRoutes } from './attachments-routes.js';

/** Photos on cases: bytes in the blob store ($DATA_DIR/blobs), records in `attachments`. */
export async function registerAttachmentModule(app: TypedApp, p: Platform): Promise<void> {
  await registerAttachmentRoutes(app, { db: p.database.db, runner: p.runner, loop: p.loop, blobs: createBlobStore(p.config) });
}
