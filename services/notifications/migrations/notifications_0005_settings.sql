-- depends: notifications_0004_publications
-- Issue 6: each family's notification settings (language, daily report, extra invoice addresses),
-- its SMS consent in the contact read model, one email per recipient of an event, and attachments.

CREATE TABLE notification_settings (
    family_id             uuid PRIMARY KEY,
    locale                text NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en')),
    daily_report          boolean NOT NULL DEFAULT true,
    extra_invoice_emails  text[] NOT NULL DEFAULT '{}',
    updated_at            timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE contacts ADD COLUMN IF NOT EXISTS consent_sms boolean NOT NULL DEFAULT false;

-- '' for the family's own address; the extra address for its copies (an invoice notice goes to the
-- family and to each extra invoice address, still once per event and address).
ALTER TABLE emails ADD COLUMN recipient text NOT NULL DEFAULT '';
ALTER TABLE emails DROP CONSTRAINT emails_event_id_kind_key;
ALTER TABLE emails ADD CONSTRAINT emails_event_id_kind_recipient_key UNIQUE (event_id, kind, recipient);

-- Stored with the email, so a retry sends the very same file.
CREATE TABLE email_attachments (
    email_id      uuid NOT NULL REFERENCES emails (id) ON DELETE CASCADE,
    position      integer NOT NULL,
    filename      text NOT NULL,
    content_type  text NOT NULL,
    content       bytea NOT NULL,
    PRIMARY KEY (email_id, position)
);
