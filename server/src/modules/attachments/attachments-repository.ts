import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';

export type AttachmentStage = 'report' | 'handle' | 'verify' | 'other';

export interface AttachmentRow {
  id: string;
  item_id: string;
  stage: AttachmentStage;
  blob_key: string;
  thumb_key: string;
  content_type: string;
  bytes: number;
  width: number;
  height: number;
  original_name: string | null;
  uploaded_by: string | null;
  created_at: Date;
}

/** A row as listed: with the uploader's display name. */
export interface AttachmentListRow extends AttachmentRow {
  uploader_name: string | null;
}

export type NewAttachment = Omit<AttachmentRow, 'created_at'>;

// Raw rows carry timestamps as strings (the driver setting); hand out Dates.
const withDate = <T extends { created_at: Date | string }>(r: T): T => ({ ...r, created_at: new Date(r.created_at) });

/**
 * Inserts the attachment unless this item already has the same photo for the same stage; returns the
 * new row, or undefined when it was already there.
 */
export async function insertAttachment(ex: Executor, a: NewAttachment, now: Date): Promise<AttachmentRow | undefined> {
  const [row] = await queryRows<AttachmentRow>(ex, sql`INSERT INTO attachments
      (id, item_id, stage, blob_key, thumb_key, content_type, bytes, width, height, original_name, uploaded_by, created_at)
    VALUES (${a.id}, ${a.item_id}, ${a.stage}, ${a.blob_key}, ${a.thumb_key}, ${a.content_type}, ${a.bytes}, ${a.width},
      ${a.height}, ${a.original_name}, ${a.uploaded_by}::uuid, ${now})
    ON CONFLICT (item_id, stage, blob_key) DO NOTHING
    RETURNING *`);
  return row && withDate(row);
}

export async function findAttachmentByBlob(ex: Executor, itemId: string, stage: AttachmentStage, blobKey: string): Promise<AttachmentRow | undefined> {
  const [row] = await queryRows<AttachmentRow>(ex,
    sql`SELECT * FROM attachments WHERE item_id = ${itemId} AND stage = ${stage} AND blob_key = ${blobKey}`);
  return row && withDate(row);
}

export async function findAttachment(ex: Executor, id: string): Promise<AttachmentRow | undefined> {
  const [row] = await queryRows<AttachmentRow>(ex, sql`SELECT * FROM attachments WHERE id = ${id}`);
  return row && withDate(row);
}

export async function listAttachments(ex: Executor, itemId: string): Promise<AttachmentListRow[]> {
  const rows = await queryRows<AttachmentListRow>(ex, sql`SELECT a.*, u.display_name AS uploader_name
    FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by
    WHERE a.item_id = ${itemId} ORDER BY a.created_at, a.id`);
  return rows.map(withDate);
}

/** Which of `ids` are attachments of the work item (a report may only cite its own item's photos). */
export async function attachmentsOf(ex: Executor, itemId: string, ids: readonly string[]): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(ex, sql`SELECT id FROM attachments WHERE item_id = ${itemId} AND id = ANY(${toPgArray(ids)}::uuid[])`);
  return rows.map((r) => r.id);
}
