-- Notifications: read models of contacts and children (from accounts), and the email queue.

CREATE TABLE contacts (
    family_id      uuid PRIMARY KEY,
    email          text,
    display_name   text NOT NULL,
    login          text,
    consent_email  boolean NOT NULL DEFAULT true,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE children (
    id          uuid PRIMARY KEY,
    family_id   uuid NOT NULL,
    first_name  text NOT NULL
);

-- One row per (event, kind): an event delivered twice never queues twice. `to_address` stays NULL
-- while the family's contact is not known yet; the sender only takes addressed emails.
CREATE TABLE emails (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id         text NOT NULL,
    kind             text NOT NULL,
    family_id        uuid,
    to_address       text,
    subject          text NOT NULL,
    body_text        text NOT NULL,
    body_html        text,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    UNIQUE (event_id, kind)
);
CREATE INDEX emails_due ON emails (next_attempt_at) WHERE status = 'pending';
CREATE INDEX emails_family ON emails (family_id, created_at);
