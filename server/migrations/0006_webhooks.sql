-- Outgoing webhooks: subscriptions to case events, and one delivery row per (subscription, event).

CREATE TABLE webhook_subscriptions (
  id          uuid PRIMARY KEY,
  name        text NOT NULL,
  url         text NOT NULL CHECK (url ~ '^https?://'),
  format      text NOT NULL DEFAULT 'json' CHECK (format IN ('json','wecom','dingtalk')),
  -- json: HMAC key of X-Chengyun-Signature; dingtalk: the robot's 加签 secret; wecom: unused.
  secret      text,
  -- Event types ('case.dispatch') or prefixes ending in a dot ('case.').
  topics      text[] NOT NULL DEFAULT '{case.}',
  -- Only events whose unit (or a further unit concerned) lies in this unit's subtree.
  unit_code   text NOT NULL REFERENCES units(code),
  active      boolean NOT NULL DEFAULT true,
  created_by  uuid,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_subscriptions_active_idx ON webhook_subscriptions(active);

CREATE TABLE webhook_deliveries (
  id               bigserial PRIMARY KEY,
  subscription_id  uuid NOT NULL REFERENCES webhook_subscriptions(id) ON DELETE CASCADE,
  event_id         bigint NOT NULL,
  event_seq        bigint NOT NULL,
  event_type       text NOT NULL,
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','delivered','failed')),
  attempts         integer NOT NULL DEFAULT 0,
  -- When the next attempt is due; while an attempt runs, the end of its lease.
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_status      integer,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  -- A replayed event never makes a second delivery.
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries(next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries(subscription_id, id DESC);
