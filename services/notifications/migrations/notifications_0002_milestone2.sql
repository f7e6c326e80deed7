-- depends: notifications_0001_init
-- Milestone 2: emails asked for directly by a service (no event behind them), emails carrying a
-- personal link whose content is erased once sent, and the children's names erasable.

ALTER TABLE emails ALTER COLUMN event_id DROP NOT NULL;  -- NULL for emails queued by `send_email`
ALTER TABLE emails ADD COLUMN secret boolean NOT NULL DEFAULT false;
CREATE INDEX emails_to_address ON emails (lower(to_address));
