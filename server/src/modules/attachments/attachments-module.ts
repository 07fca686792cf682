import type { TypedApp } from '../../app.js';
import type { Platform } from '../../platform/platform.js';
import type { CaseDeps } from '../cases/cases-service.js';
import { createBlobStore } from '../../platform/storage/index.js';
import { registerAttachmentRoutes } from './attachments-routes.js';

/** Photos on cases: bytes in the blob store ($DATA_DIR/blobs), records in `attachments`. */
export async function registerAttachmentModule(app: TypedApp, p: Platform, cases: CaseDeps): Promise<void> {
  await registerAttachmentRoutes(app, { db: p.database.db, runner: p.runner, loop: p.loop, units: cases.units, blobs: createBlobStore(p.config) });
}
