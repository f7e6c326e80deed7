-- depends: reservations_0001_init
-- The children read model follows accounts' updates: `changed_at` is the time of the accounts event
-- that wrote the row, so an older event arriving late does not overwrite a newer one.
ALTER TABLE children ADD COLUMN changed_at timestamptz;
