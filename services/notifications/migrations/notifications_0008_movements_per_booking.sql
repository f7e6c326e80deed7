-- depends: notifications_0007_channels
-- A booking event moves several bookings (reservations' events v2: a child's bookings changed
-- together): a movement is one booking of one event. Rows kept while `event_id` held
-- "<event id>/<booking id>" get their plain event id back (the booking is already in its column).
ALTER TABLE booking_movements DROP CONSTRAINT booking_movements_pkey;
UPDATE booking_movements SET event_id = split_part(event_id, '/', 1) WHERE event_id LIKE '%/%';
ALTER TABLE booking_movements ADD PRIMARY KEY (event_id, booking_id);
