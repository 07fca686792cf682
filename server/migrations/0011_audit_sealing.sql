-- Audit sealing. Writers used to lock the chain's head row to link each entry to the previous one, which
-- held every audited write in line until commit. Now a write inserts its entries unchained (hash NULL),
-- and the sealer links committed entries in the order it finds them (chain_seq), under the head row's lock.
-- verify-audit walks chain_seq; entries not sealed yet are reported as pending.
ALTER TABLE audit_log
  ALTER COLUMN prev_hash DROP NOT NULL,
  ALTER COLUMN hash DROP NOT NULL,
  ADD COLUMN chain_seq bigint;
-- Entries written before this migration were chained in id order.
UPDATE audit_log SET chain_seq = id;
CREATE UNIQUE INDEX audit_log_chain_idx ON audit_log(chain_seq);
CREATE INDEX audit_log_unsealed_idx ON audit_log(id) WHERE chain_seq IS NULL;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_sealed_whole
  CHECK ((chain_seq IS NULL) = (hash IS NULL) AND (hash IS NULL) = (prev_hash IS NULL));
-- last_id: the row id of the last sealed entry (what verify names when the tail is missing); last_seq its chain_seq.
ALTER TABLE audit_head ADD COLUMN last_seq bigint NOT NULL DEFAULT 0;
UPDATE audit_head SET last_seq = last_id;
