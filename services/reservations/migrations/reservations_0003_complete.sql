-- depends: reservations_0002_children_updates
-- Reservations, complete (issue 4): the activity's rules, capacity pools, calendars and closures,
-- windows, outings, enrolments, history, roll call, crèche contracts, calendar feeds and the read
-- models of debts and documents.

-- What an activity asks of a child and of a booking. Ages are in months, on the day booked:
-- min inclusive, max exclusive (3-6 ans = 36..72). Deadlines are lists of rules (see rules/deadlines).
ALTER TABLE activities
    ADD COLUMN min_age_months      integer CHECK (min_age_months >= 0),
    ADD COLUMN max_age_months      integer CHECK (max_age_months > 0),
    ADD COLUMN enrolment_approval  boolean NOT NULL DEFAULT false,
    ADD COLUMN required_documents  text[] NOT NULL DEFAULT '{}',
    ADD COLUMN unit_combinations   jsonb,
    ADD COLUMN booking_deadline    jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN cancel_deadline     jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN blocks_on_debt      boolean NOT NULL DEFAULT false,
    ADD COLUMN archived            boolean NOT NULL DEFAULT false;

-- A unit takes its place in a capacity pool: by default its own; units sharing a pool share places.
-- An outing is a unit of its own kind, open on its date only, with its own pool and price.
ALTER TABLE activity_units
    ADD COLUMN pool        text,
    ADD COLUMN kind        text NOT NULL DEFAULT 'unit' CHECK (kind IN ('unit', 'outing')),
    ADD COLUMN starts_at   time,
    ADD COLUMN ends_at     time,
    ADD COLUMN price_cents integer CHECK (price_cents >= 0);
UPDATE activity_units SET pool = code;
ALTER TABLE activity_units ALTER COLUMN pool SET NOT NULL;

-- opening_days become the places of a pool on a day; their row stays the lock of that pool and day.
ALTER TABLE bookings DROP CONSTRAINT bookings_activity_id_date_unit_fkey;
ALTER TABLE bookings DROP CONSTRAINT bookings_waiting_line;
ALTER TABLE opening_days DROP CONSTRAINT opening_days_activity_id_unit_fkey;
ALTER TABLE opening_days RENAME COLUMN unit TO pool;
ALTER TABLE opening_days ADD CONSTRAINT opening_days_activity FOREIGN KEY (activity_id) REFERENCES activities (id);

ALTER TABLE bookings ADD COLUMN pool text;
UPDATE bookings SET pool = unit;
ALTER TABLE bookings ALTER COLUMN pool SET NOT NULL;
ALTER TABLE bookings ADD CONSTRAINT bookings_pool_day
    FOREIGN KEY (activity_id, date, pool) REFERENCES opening_days (activity_id, date, pool);
-- One place per position in a pool's waiting line; checked at commit (closing a gap shifts positions).
ALTER TABLE bookings ADD CONSTRAINT bookings_waiting_line
    EXCLUDE USING btree (activity_id WITH =, date WITH =, pool WITH =, waiting_position WITH =)
    WHERE (status = 'waiting_list') DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE bookings ADD COLUMN reason text;       -- why staff refused it
ALTER TABLE bookings ADD COLUMN user_id text;      -- who made the last change
CREATE INDEX bookings_day ON bookings (activity_id, date, status);

-- Days an activity does not open: public holidays met by the calendar, and closures decided by staff.
CREATE TABLE closures (
    activity_id  uuid NOT NULL REFERENCES activities (id),
    date         date NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('holiday', 'closure')),
    label        text NOT NULL,
    PRIMARY KEY (activity_id, date)
);

-- When days of a period may be booked: the day D is bookable while opens_at <= now < closes_at for a
-- window whose period holds D. An activity without windows is always open to booking.
CREATE TABLE booking_windows (
    id            uuid PRIMARY KEY,
    activity_id   uuid NOT NULL REFERENCES activities (id),
    label         text NOT NULL,
    period_start  date NOT NULL,
    period_end    date NOT NULL,
    opens_at      timestamptz NOT NULL,
    closes_at     timestamptz NOT NULL,
    CHECK (period_start <= period_end),
    CHECK (opens_at < closes_at)
);
CREATE INDEX booking_windows_activity ON booking_windows (activity_id, period_start);

-- Step 1: a child enrolled in an activity (after staff approval when the activity asks for it).
CREATE TABLE enrolments (
    id            uuid PRIMARY KEY,
    child_id      uuid NOT NULL REFERENCES children (id),
    family_id     uuid NOT NULL,
    activity_id   uuid NOT NULL REFERENCES activities (id),
    status        text NOT NULL CHECK (status IN ('pending', 'accepted', 'refused', 'cancelled')),
    reason        text,
    requested_by  text NOT NULL CHECK (requested_by IN ('family', 'staff')),
    requested_at  timestamptz NOT NULL,
    decided_at    timestamptz,
    decided_by    text
);
CREATE UNIQUE INDEX enrolments_one_live ON enrolments (child_id, activity_id)
    WHERE status IN ('pending', 'accepted');
CREATE INDEX enrolments_pending ON enrolments (activity_id, status, requested_at);

-- Every change of a booking, as the family's history shows it ("par le web le …, par la mairie le …").
CREATE TABLE booking_changes (
    id                bigserial PRIMARY KEY,
    booking_id        uuid NOT NULL REFERENCES bookings (id),
    child_id          uuid NOT NULL,
    family_id         uuid NOT NULL,
    activity_id       uuid NOT NULL,
    date              date NOT NULL,
    unit              text NOT NULL,
    status            text NOT NULL,
    waiting_position  integer,
    by                text NOT NULL CHECK (by IN ('family', 'staff', 'system')),
    user_id           text,
    reason            text,
    at                timestamptz NOT NULL
);
CREATE INDEX booking_changes_family ON booking_changes (family_id, at DESC);

-- Roll call: what happened on a booked day.
CREATE TABLE attendance (
    booking_id   uuid PRIMARY KEY REFERENCES bookings (id),
    status       text NOT NULL CHECK (status IN ('present', 'absent_excused', 'absent_billed')),
    recorded_by  text NOT NULL,
    recorded_at  timestamptz NOT NULL
);

-- Crèche: a regular contract (hours per weekday), extra hours and declared absences.
CREATE TABLE contracts (
    id           uuid PRIMARY KEY,
    child_id     uuid NOT NULL REFERENCES children (id),
    family_id    uuid NOT NULL,
    activity_id  uuid NOT NULL REFERENCES activities (id),
    starts_on    date NOT NULL,
    ends_on      date NOT NULL,
    schedule     jsonb NOT NULL,
    status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
    created_at   timestamptz NOT NULL,
    CHECK (starts_on <= ends_on)
);
CREATE INDEX contracts_child ON contracts (child_id);

CREATE TABLE contract_extra_hours (
    id           uuid PRIMARY KEY,
    contract_id  uuid NOT NULL REFERENCES contracts (id),
    date         date NOT NULL,
    minutes      integer NOT NULL CHECK (minutes > 0),
    recorded_by  text NOT NULL,
    recorded_at  timestamptz NOT NULL
);

CREATE TABLE contract_absences (
    id           uuid PRIMARY KEY,
    contract_id  uuid NOT NULL REFERENCES contracts (id),
    date_from    date NOT NULL,
    date_to      date NOT NULL,
    reason       text NOT NULL,
    declared_by  text NOT NULL CHECK (declared_by IN ('family', 'staff')),
    declared_at  timestamptz NOT NULL,
    CHECK (date_from <= date_to)
);

-- iCalendar feeds: the secret is in the URL, only its SHA-256 is kept; revoked feeds answer 404.
CREATE TABLE calendar_feeds (
    token_hash  text PRIMARY KEY,
    child_id    uuid NOT NULL REFERENCES children (id),
    family_id   uuid NOT NULL,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX calendar_feeds_child ON calendar_feeds (child_id);

-- Read models fed by other services' events.
CREATE TABLE family_debts (
    family_id      uuid PRIMARY KEY,
    in_debt        boolean NOT NULL,
    overdue_cents  integer NOT NULL DEFAULT 0,
    changed_at     timestamptz NOT NULL
);

CREATE TABLE documents (
    document_id  uuid PRIMARY KEY,
    family_id    uuid NOT NULL,
    child_id     uuid,
    type         text NOT NULL,
    status       text NOT NULL CHECK (status IN ('submitted', 'validated', 'refused')),
    valid_until  date,
    changed_at   timestamptz NOT NULL
);
CREATE INDEX documents_family ON documents (family_id, type);
