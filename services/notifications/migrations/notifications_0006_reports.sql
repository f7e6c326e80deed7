-- depends: notifications_0005_settings
-- Issue 6: the daily report of booking movements. Every booking event reservations publishes is kept
-- as one movement (once per event); a family is reported once per day (the primary key of
-- `daily_reports`), whichever replica or timer tick gets there first.

CREATE TABLE booking_movements (
    event_id      text PRIMARY KEY,
    booking_id    uuid NOT NULL,
    family_id     uuid NOT NULL,
    structure_id  uuid NOT NULL,
    event         text NOT NULL,          -- booking.requested, booking.accepted, …
    status        text NOT NULL,          -- the booking's status after the movement
    by            text NOT NULL,          -- family, staff or system
    occurred_at   timestamptz NOT NULL,   -- the event's time
    report_date   date NOT NULL           -- its day in the town's timezone
);
CREATE INDEX booking_movements_day ON booking_movements (report_date, family_id);
CREATE INDEX booking_movements_booking ON booking_movements (booking_id, occurred_at);

CREATE TABLE daily_reports (
    family_id    uuid NOT NULL,
    report_date  date NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (family_id, report_date)
);
