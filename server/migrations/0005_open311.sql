-- Open311 GeoReport v2: the client systems that may submit service requests, and what each request
-- brought with it that a case does not keep (token, contact e-mail, device, account, photo link).

CREATE TABLE open311_clients (
  id          uuid PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  -- SHA-256 (hex) of the API key; the key itself is shown once, when the client is created.
  key_hash    text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  created_by  uuid REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
-- Two live clients never share a name (the name is how the client appears on the case timeline).
CREATE UNIQUE INDEX open311_clients_live_name ON open311_clients(name) WHERE revoked_at IS NULL;

CREATE TABLE open311_requests (
  case_id     uuid PRIMARY KEY REFERENCES cases(id),
  client_id   uuid NOT NULL REFERENCES open311_clients(id),
  token       text NOT NULL UNIQUE,
  -- Personal data: kept for the centre to contact the reporter, never returned by the public endpoints.
  email       text,
  device_id   text,
  account_id  text,
  media_url   text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX open311_requests_client_idx ON open311_requests(client_id, created_at);
