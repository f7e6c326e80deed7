-- depends: notifications_0006_reports
-- Issue 6: SMS and webhooks, each with its queue delivered with retries as emails are.

ALTER TABLE contacts ADD COLUMN mobile_phone text;

-- One row per (event, kind), as emails.
CREATE TABLE sms_messages (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id         text NOT NULL,
    kind             text NOT NULL,
    family_id        uuid,
    to_number        text NOT NULL,
    body             text NOT NULL,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    UNIQUE (event_id, kind)
);
CREATE INDEX sms_messages_due ON sms_messages (next_attempt_at) WHERE status = 'pending';

-- Subscriptions of municipal systems: the events whose name matches one of `patterns` (`invoice.*`)
-- are POSTed to `url`, signed with `secret`.
CREATE TABLE webhooks (
    id          uuid PRIMARY KEY,
    url         text NOT NULL,
    patterns    text[] NOT NULL,
    secret      text NOT NULL,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL
);

-- One call per (webhook, event): an event delivered twice is forwarded once.
CREATE TABLE webhook_deliveries (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    webhook_id       uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id         text NOT NULL,
    event_type       text NOT NULL,
    body             text NOT NULL,   -- the CloudEvents envelope, exactly the bytes signed and sent
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
