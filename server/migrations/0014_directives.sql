-- 政令一键智达: directives sent to many units with one click, each target's receipt (签收/转发/反馈) tracked as
-- a closed-loop work item (kind 'receipt') so the deadline sweep, supervision orders and evaluation see it.

CREATE SEQUENCE directive_ref_seq;

CREATE TABLE directives (
  id                  uuid PRIMARY KEY,
  ref                 text NOT NULL UNIQUE,
  issuer_unit         text NOT NULL REFERENCES units(code),
  issuer_path         text NOT NULL,
  issuer_id           uuid,
  issuer_name         text NOT NULL,
  -- The current version's content; earlier versions live in directive_versions.
  title               text NOT NULL,
  body                text NOT NULL,
  attachment_ids      jsonb NOT NULL DEFAULT '[]'::jsonb,
  require_report      boolean NOT NULL,
  allow_forward       boolean NOT NULL,
  -- As given: {"amount":2,"unit":"workDay"} (from the moment a receipt is made) or {"at":"…"} (absolute).
  sign_by             jsonb NOT NULL,
  report_by           jsonb,
  -- The report deadline is one instant for every receipt (relative limits count from issue or amendment).
  report_deadline_at  timestamptz,
  targets             jsonb NOT NULL,
  version             integer NOT NULL DEFAULT 1,
  state               text NOT NULL DEFAULT 'active' CHECK (state IN ('active','recalled')),
  -- Receipts made so far (numbers each receipt's ref; forwarding adds to it under the row lock).
  receipt_count       integer NOT NULL DEFAULT 0,
  issued_at           timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  recalled_at         timestamptz,
  recall_reason       text
);
CREATE INDEX directives_issuer_idx ON directives(issuer_path text_pattern_ops, issued_at DESC);
CREATE INDEX directives_issued_idx ON directives(issued_at DESC);

CREATE TABLE directive_versions (
  directive_id        uuid NOT NULL REFERENCES directives(id),
  version             integer NOT NULL,
  title               text NOT NULL,
  body                text NOT NULL,
  attachment_ids      jsonb NOT NULL DEFAULT '[]'::jsonb,
  sign_by             jsonb NOT NULL,
  report_by           jsonb,
  report_deadline_at  timestamptz,
  -- What changed from the version before: [{"field":"title","from":…,"to":…}, …].
  changes             jsonb NOT NULL DEFAULT '[]'::jsonb,
  note                text,
  author_id           uuid,
  author_name         text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (directive_id, version)
);

-- One receipt per target unit and directive; its state, owner and clock are the work item's (same id).
CREATE TABLE receipts (
  id                     uuid PRIMARY KEY REFERENCES work_items(id),
  directive_id           uuid NOT NULL REFERENCES directives(id),
  -- The receipt that forwarded this one (null: sent by the issuer).
  parent_id              uuid REFERENCES receipts(id),
  -- = the work item's owner_unit, which already references units (a second foreign key here would double the
  -- per-row checks of a 10,000-unit fan-out).
  unit_code              text NOT NULL,
  unit_path              text NOT NULL,
  signed_version         integer,
  signed_at              timestamptz,
  signed_by              uuid,
  sign_late              boolean,
  forwarded_at           timestamptz,
  reported_at            timestamptz,
  reported_by            uuid,
  report_late            boolean,
  report_text            text,
  report_figures         jsonb,
  report_attachment_ids  jsonb NOT NULL DEFAULT '[]'::jsonb
);
CREATE UNIQUE INDEX receipts_directive_unit_idx ON receipts(directive_id, unit_code);
CREATE INDEX receipts_directive_path_idx ON receipts(directive_id, unit_path text_pattern_ops);
CREATE INDEX receipts_unit_idx ON receipts(unit_code);
CREATE INDEX receipts_parent_idx ON receipts(parent_id) WHERE parent_id IS NOT NULL;
