-- depends: billing_0003_ledger
-- Tariffs as plugins: a rule, its own parameters (checked by the rule), a category for the tax
-- attestation, and sibling reductions that apply whatever the rule. `amount_cents` may be null for a
-- rule that takes its prices from its parameters (quotient brackets).
ALTER TABLE tariffs
    ADD COLUMN category            text NOT NULL DEFAULT 'care' CHECK (category IN ('care', 'meal', 'other')),
    ADD COLUMN parameters          jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN sibling_reductions  integer[] NOT NULL DEFAULT '{}',
    ADD COLUMN updated_at          timestamptz,
    ALTER COLUMN amount_cents DROP NOT NULL;
CREATE INDEX tariffs_regie ON tariffs (regie_id, activity_id, unit, valid_from);

-- A consumption follows two independent streams of events, each ordered by its own event time:
-- the booking (accepted, promoted, cancelled — in time or late) and the roll call. A roll call that
-- arrives before its booking leaves a row without `booking_event_at`, not billable until the booking
-- is known. `outing_price_cents` is the price reservations gives an outing.
ALTER TABLE consumptions
    ADD COLUMN outing_price_cents   integer CHECK (outing_price_cents >= 0),
    ADD COLUMN cancelled_late       boolean NOT NULL DEFAULT false,
    ADD COLUMN attendance           text CHECK (attendance IN ('present', 'absent_excused', 'absent_billed')),
    ADD COLUMN attendance_event_at  timestamptz,
    ALTER COLUMN booking_event_at DROP NOT NULL;
