-- depends: billing_0002_family_updates
-- The ledger shared by every area of billing: invoices and their lines, credit notes, payments and
-- their allocation to invoices, online payments, wallets. Areas add their own columns and tables in
-- later migrations; these are the tables more than one area reads.

ALTER TABLE regies
    ADD COLUMN code                   text UNIQUE,
    ADD COLUMN due_days               integer NOT NULL DEFAULT 30 CHECK (due_days >= 0),
    ADD COLUMN minimum_payment_cents  integer NOT NULL DEFAULT 3000 CHECK (minimum_payment_cents >= 0),
    ADD COLUMN prepaid                boolean NOT NULL DEFAULT false,
    ADD COLUMN payfip_numcli          text,
    ADD COLUMN payment_instructions   text;

ALTER TABLE children ADD COLUMN birth_date date;

-- The last number handed out per régie and kind ('invoice', 'credit_note'). Taking a number is an
-- UPDATE of this row in the transaction that inserts the document: numbers are gapless because a
-- rolled-back document rolls its number back too, and concurrent runs queue on the row lock.
CREATE TABLE document_sequences (
    regie_id     uuid NOT NULL REFERENCES regies (id),
    kind         text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    last_number  integer NOT NULL DEFAULT 0 CHECK (last_number >= 0),
    PRIMARY KEY (regie_id, kind)
);

CREATE TABLE invoicing_runs (
    id               uuid PRIMARY KEY,
    regie_id         uuid NOT NULL REFERENCES regies (id),
    period_start     date NOT NULL,
    period_end       date NOT NULL CHECK (period_end >= period_start),
    issued_on        date NOT NULL,
    due_on           date NOT NULL,
    status           text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    families_total   integer NOT NULL DEFAULT 0,
    families_done    integer NOT NULL DEFAULT 0,
    invoices_issued  integer NOT NULL DEFAULT 0,
    total_cents      bigint NOT NULL DEFAULT 0,
    error            text,
    started_by       uuid,
    started_at       timestamptz NOT NULL,
    finished_at      timestamptz
);

CREATE TABLE invoices (
    id               uuid PRIMARY KEY,
    regie_id         uuid NOT NULL REFERENCES regies (id),
    sequence_number  integer NOT NULL,
    number           text NOT NULL UNIQUE,
    family_id        uuid NOT NULL,
    family_number    text,
    family_name      text,
    run_id           uuid REFERENCES invoicing_runs (id),
    period_start     date NOT NULL,
    period_end       date NOT NULL,
    issued_on        date NOT NULL,
    due_on           date NOT NULL,
    total_cents      integer NOT NULL CHECK (total_cents >= 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (regie_id, sequence_number),
    UNIQUE (run_id, family_id)
);
CREATE INDEX invoices_family ON invoices (family_id, issued_on);

-- `category` keeps care and meals apart: the tax attestation counts only care.
CREATE TABLE invoice_lines (
    id                uuid PRIMARY KEY,
    invoice_id        uuid NOT NULL REFERENCES invoices (id),
    position          integer NOT NULL,
    consumption_id    uuid UNIQUE,
    date              date,
    child_id          uuid,
    child_name        text,
    activity_id       uuid,
    activity          text NOT NULL,
    unit              text,
    category          text NOT NULL DEFAULT 'care' CHECK (category IN ('care', 'meal', 'other')),
    quantity          integer NOT NULL,
    unit_price_cents  integer NOT NULL,
    amount_cents      integer NOT NULL
);
CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id, position);

CREATE TABLE credit_notes (
    id               uuid PRIMARY KEY,
    regie_id         uuid NOT NULL REFERENCES regies (id),
    sequence_number  integer NOT NULL,
    number           text NOT NULL UNIQUE,
    invoice_id       uuid NOT NULL REFERENCES invoices (id),
    family_id        uuid NOT NULL,
    issued_on        date NOT NULL,
    amount_cents     integer NOT NULL CHECK (amount_cents > 0),
    reason           text NOT NULL,
    created_by       uuid,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (regie_id, sequence_number)
);
CREATE INDEX credit_notes_invoice ON credit_notes (invoice_id);

CREATE TABLE online_payments (
    id                  uuid PRIMARY KEY,
    family_id           uuid NOT NULL,
    regie_id            uuid NOT NULL REFERENCES regies (id),
    provider            text NOT NULL,
    purpose             text NOT NULL CHECK (purpose IN ('invoices', 'balance', 'wallet')),
    invoice_ids         uuid[] NOT NULL DEFAULT '{}',
    amount_cents        integer NOT NULL CHECK (amount_cents > 0),
    email               text NOT NULL,
    status              text NOT NULL CHECK (status IN ('pending', 'paid', 'refused', 'cancelled', 'expired', 'mismatch')),
    provider_reference  text,
    result              jsonb,
    created_by          uuid,
    created_at          timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    completed_at        timestamptz,
    UNIQUE (provider, provider_reference)
);
CREATE INDEX online_payments_pending ON online_payments (expires_at) WHERE status = 'pending';

-- Money received. `online_payment_id` is unique: an online payment becomes a payment exactly once.
CREATE TABLE payments (
    id                 uuid PRIMARY KEY,
    family_id          uuid NOT NULL,
    regie_id           uuid NOT NULL REFERENCES regies (id),
    method             text NOT NULL CHECK (method IN ('cheque', 'cash', 'cesu', 'direct_debit', 'card', 'transfer')),
    amount_cents       integer NOT NULL CHECK (amount_cents > 0),
    received_on        date NOT NULL,
    piece_number       text,
    payer              text,
    bank               text,
    online_payment_id  uuid UNIQUE REFERENCES online_payments (id),
    to_wallet          boolean NOT NULL DEFAULT false,
    recorded_by        uuid,
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_family ON payments (family_id, regie_id, received_on);

-- Which invoices a payment's money went to. What a payment has not allocated is the family's credit.
CREATE TABLE payment_allocations (
    payment_id    uuid NOT NULL REFERENCES payments (id),
    invoice_id    uuid NOT NULL REFERENCES invoices (id),
    amount_cents  integer NOT NULL CHECK (amount_cents > 0),
    allocated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (payment_id, invoice_id)
);
CREATE INDEX payment_allocations_invoice ON payment_allocations (invoice_id);

-- Prepaid régies: a wallet per family and régie is the sum of its movements (top-ups positive,
-- bookings negative). A booking is debited once (unique per booking and kind).
CREATE TABLE wallet_movements (
    id            uuid PRIMARY KEY,
    family_id     uuid NOT NULL,
    regie_id      uuid NOT NULL REFERENCES regies (id),
    kind          text NOT NULL CHECK (kind IN ('top_up', 'booking', 'refund', 'adjustment')),
    amount_cents  integer NOT NULL,
    booking_id    uuid,
    payment_id    uuid REFERENCES payments (id),
    label         text,
    at            timestamptz NOT NULL,
    UNIQUE (booking_id, kind)
);
CREATE INDEX wallet_movements_family ON wallet_movements (family_id, regie_id, at);

-- Every provider notification as received, trusted or not: the audit trail of online payments.
CREATE TABLE payment_notifications (
    id                 bigserial PRIMARY KEY,
    provider           text NOT NULL,
    online_payment_id  uuid,
    received_at        timestamptz NOT NULL,
    verified           boolean NOT NULL,
    outcome            text NOT NULL,
    body               text NOT NULL
);

-- What each invoice still asks for. `due_cents` = total − allocated payments − credit notes.
CREATE VIEW invoice_balances AS
SELECT i.id AS invoice_id, i.family_id, i.regie_id, i.issued_on, i.due_on, i.sequence_number,
       i.total_cents, p.paid_cents, c.credited_cents,
       i.total_cents - p.paid_cents - c.credited_cents AS due_cents
FROM invoices i
CROSS JOIN LATERAL (SELECT coalesce(sum(a.amount_cents), 0)::integer AS paid_cents
                    FROM payment_allocations a WHERE a.invoice_id = i.id) p
CROSS JOIN LATERAL (SELECT coalesce(sum(n.amount_cents), 0)::integer AS credited_cents
                    FROM credit_notes n WHERE n.invoice_id = i.id) c;

-- Whether a consumption is to be invoiced: consumption handlers keep it (false once cancelled in
-- time or excused at roll call); invoicing takes billable rows whose invoice_id is null.
ALTER TABLE consumptions ADD COLUMN billable boolean NOT NULL DEFAULT true;
UPDATE consumptions SET billable = false WHERE cancelled_at IS NOT NULL;
CREATE INDEX consumptions_to_invoice ON consumptions (regie_id, date) WHERE invoice_id IS NULL AND billable;
