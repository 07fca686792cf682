-- Photos attached to work items (cases): before/after evidence. The bytes live in the blob store under
-- their SHA-256 (blob_key); the thumbnail is a 320 px wide JPEG, also content-addressed (thumb_key).

CREATE TABLE attachments (
  id             uuid PRIMARY KEY,
  item_id        uuid NOT NULL REFERENCES work_items(id),
  -- Which step the photo documents: the report (before), the handling (after), the on-site check, or other.
  stage          text NOT NULL CHECK (stage IN ('report','handle','verify','other')),
  blob_key       text NOT NULL CHECK (blob_key ~ '^[0-9a-f]{64}$'),
  thumb_key      text NOT NULL CHECK (thumb_key ~ '^[0-9a-f]{64}$'),
  content_type   text NOT NULL CHECK (content_type IN ('image/jpeg','image/png','image/webp')),
  bytes          integer NOT NULL CHECK (bytes > 0),
  -- As displayed, i.e. after the EXIF orientation is applied.
  width          integer NOT NULL CHECK (width > 0),
  height         integer NOT NULL CHECK (height > 0),
  original_name  text,
  uploaded_by    uuid,
  created_at     timestamptz NOT NULL DEFAULT now()
);
-- The same photo attached to the same step twice is one attachment (an upload retried is not a second photo).
CREATE UNIQUE INDEX attachments_item_stage_blob_idx ON attachments(item_id, stage, blob_key);
CREATE INDEX attachments_item_idx ON attachments(item_id, created_at);
-- Which records still use a blob (for a future garbage collector).
CREATE INDEX attachments_blob_idx ON attachments(blob_key);
