-- depends: billing_0004_tariffs billing_0005_invoicing billing_0007_account
-- A booking cancelled, then accepted again, is debited again: a booking's movements are no longer
-- unique per kind; what counts is their sum (its debit is outstanding while the sum is negative).
ALTER TABLE wallet_movements DROP CONSTRAINT wallet_movements_booking_id_kind_key;
CREATE INDEX wallet_movements_booking ON wallet_movements (booking_id) WHERE booking_id IS NOT NULL;
