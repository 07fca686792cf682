-- Saved views: named filter sets a user keeps for a list (the console's case inbox first). Personal: only
-- their owner reads or deletes them; they go with the user.
CREATE TABLE saved_views (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- Which list the filters belong to ('cases' = the case inbox).
  page        text NOT NULL CHECK (page ~ '^[a-z][a-z0-9-]{0,31}$'),
  name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 64),
  filters     jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  -- Saving under an existing name replaces that view.
  UNIQUE (user_id, page, name)
);
