-- depends: reservations_0003_complete
-- The length of each pool's waiting line kept beside its accepted count, in the row the bookings of
-- that pool and day lock: a new place in line needs no count of the line under the lock.
ALTER TABLE opening_days ADD COLUMN waiting_count integer NOT NULL DEFAULT 0 CHECK (waiting_count >= 0);
UPDATE opening_days od SET waiting_count = (
    SELECT count(*) FROM bookings b
     WHERE (b.activity_id, b.date, b.pool) = (od.activity_id, od.date, od.pool) AND b.status = 'waiting_list');

-- A refused request no longer holds its slot: the child may ask again.
DROP INDEX bookings_one_live_per_slot;
CREATE UNIQUE INDEX bookings_one_live_per_slot ON bookings (child_id, activity_id, date, unit)
    WHERE status IN ('accepted', 'pending', 'waiting_list');
-- Bookings' `by` is who made them; promotions and closures are changes by the system or staff.
ALTER TABLE bookings DROP CONSTRAINT bookings_by_check;
ALTER TABLE bookings ADD CONSTRAINT bookings_by_check CHECK (by IN ('family', 'staff', 'system'));
