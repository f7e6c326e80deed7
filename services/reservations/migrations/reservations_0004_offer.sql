-- depends: reservations_0003_complete
-- An outing is open on one date only: its unit keeps that date (null for an ordinary unit).
ALTER TABLE activity_units ADD COLUMN date date;
ALTER TABLE activity_units ADD CONSTRAINT activity_units_outing_date CHECK ((kind = 'outing') = (date IS NOT NULL));
