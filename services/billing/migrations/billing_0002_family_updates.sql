-- depends: billing_0001_init
-- The read models follow accounts' updates. Names and quotient come from different events, each
-- with the time of the accounts event that wrote it, so an older event arriving late changes nothing;
-- a quotient may arrive before the family's names (then still unknown).
ALTER TABLE families ALTER COLUMN number DROP NOT NULL;
ALTER TABLE families ALTER COLUMN display_name DROP NOT NULL;
ALTER TABLE families
    ADD COLUMN quotient_valid_until  date,
    ADD COLUMN names_changed_at      timestamptz,
    ADD COLUMN quotient_changed_at   timestamptz;
ALTER TABLE children ADD COLUMN changed_at timestamptz;
