-- Billing: read models of families and children (from accounts), régies, tariffs, consumptions.

CREATE TABLE families (
    id            uuid PRIMARY KEY,
    number        text NOT NULL,
    display_name  text NOT NULL,
    quotient      integer
);

CREATE TABLE children (
    id          uuid PRIMARY KEY,
    family_id   uuid NOT NULL,
    first_name  text NOT NULL,
    last_name   text NOT NULL
);
CREATE INDEX children_family ON children (family_id);

CREATE TABLE regies (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tariffs (
    id            uuid PRIMARY KEY,
    regie_id      uuid NOT NULL REFERENCES regies (id),
    activity_id   uuid NOT NULL,
    unit          text NOT NULL,
    rule          text NOT NULL,
    amount_cents  integer NOT NULL CHECK (amount_cents >= 0),
    valid_from    date NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (activity_id, unit, valid_from)
);

-- One row per booking. A booking.cancelled that overtakes its booking.accepted leaves a cancelled
-- row, so the late acceptance does not bill it; `booking_event_at` orders the two.
CREATE TABLE consumptions (
    id                uuid PRIMARY KEY,
    booking_id        uuid NOT NULL UNIQUE,
    family_id         uuid NOT NULL,
    child_id          uuid NOT NULL,
    activity_id       uuid NOT NULL,
    activity_name     text NOT NULL,
    date              date NOT NULL,
    unit              text NOT NULL,
    quantity          integer NOT NULL DEFAULT 1 CHECK (quantity > 0),
    unit_price_cents  integer NOT NULL CHECK (unit_price_cents >= 0),
    amount_cents      integer NOT NULL CHECK (amount_cents >= 0),
    regie_id          uuid REFERENCES regies (id),
    invoice_id        uuid,
    cancelled_at      timestamptz,
    booking_event_at  timestamptz NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consumptions_family_date ON consumptions (family_id, date);
