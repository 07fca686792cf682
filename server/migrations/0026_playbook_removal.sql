-- A playbook removed in the console is kept as a tombstone (deleted_at set, measures kept for the record): the
-- defaults registered at start fill only (zone, tier) pairs that have no row at all, so a removed tier stays removed.
-- Creating it again revives the row with a new version.
ALTER TABLE playbooks ADD COLUMN deleted_at timestamptz;
