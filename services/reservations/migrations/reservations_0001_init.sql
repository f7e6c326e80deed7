-- Reservations: its read model of children, the offer (structures, activities, units, opening days)
-- and the bookings with their waiting lists.

CREATE TABLE children (
    id          uuid PRIMARY KEY,
    family_id   uuid NOT NULL,
    first_name  text NOT NULL,
    last_name   text NOT NULL,
    birth_date  date NOT NULL
);
CREATE INDEX children_family ON children (family_id);

CREATE TABLE structures (
    id    uuid PRIMARY KEY,
    name  text NOT NULL,
    kind  text NOT NULL
);

CREATE TABLE activities (
    id            uuid PRIMARY KEY,
    structure_id  uuid NOT NULL REFERENCES structures (id),
    name          text NOT NULL,
    booking_mode  text NOT NULL CHECK (booking_mode IN ('automatic', 'validation'))
);

CREATE TABLE activity_units (
    activity_id  uuid NOT NULL REFERENCES activities (id),
    code         text NOT NULL,
    label        text NOT NULL,
    position     integer NOT NULL,
    PRIMARY KEY (activity_id, code)
);

-- A day is open for a unit when it has a row here; its row is the lock that serialises bookings.
CREATE TABLE opening_days (
    activity_id     uuid NOT NULL,
    date            date NOT NULL,
    unit            text NOT NULL,
    capacity        integer NOT NULL CHECK (capacity >= 0),
    accepted_count  integer NOT NULL DEFAULT 0 CHECK (accepted_count >= 0),
    PRIMARY KEY (activity_id, date, unit),
    FOREIGN KEY (activity_id, unit) REFERENCES activity_units (activity_id, code)
);
CREATE INDEX opening_days_date ON opening_days (date);

CREATE TABLE bookings (
    id                uuid PRIMARY KEY,
    child_id          uuid NOT NULL REFERENCES children (id),
    family_id         uuid NOT NULL,
    activity_id       uuid NOT NULL,
    date              date NOT NULL,
    unit              text NOT NULL,
    status            text NOT NULL
                      CHECK (status IN ('accepted', 'pending', 'waiting_list', 'refused', 'cancelled')),
    waiting_position  integer CHECK ((status = 'waiting_list') = (waiting_position IS NOT NULL)),
    by                text NOT NULL CHECK (by IN ('family', 'staff')),
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    FOREIGN KEY (activity_id, date, unit) REFERENCES opening_days (activity_id, date, unit)
);
-- At most one live booking per child and slot; cancelled ones stay as history.
CREATE UNIQUE INDEX bookings_one_live_per_slot ON bookings (child_id, activity_id, date, unit)
    WHERE status <> 'cancelled';
-- One place per position in a waiting line; checked at commit because closing a gap shifts positions.
ALTER TABLE bookings ADD CONSTRAINT bookings_waiting_line
    EXCLUDE USING btree (activity_id WITH =, date WITH =, unit WITH =, waiting_position WITH =)
    WHERE (status = 'waiting_list') DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX bookings_family ON bookings (family_id, date);

-- The answer given to each idempotency key, per user: a replay gets it back unchanged.
CREATE TABLE booking_requests (
    user_id          text NOT NULL,
    idempotency_key  text NOT NULL,
    family_id        uuid,
    fingerprint      text NOT NULL,
    response         jsonb,
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);
