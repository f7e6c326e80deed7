-- depends: billing_0003_ledger
-- What billing last told other services about each family's debt, so that the daily review publishes
-- `balance.changed` only when an invoice fell overdue with time (transactions publish their own), and
-- the tax attestations already announced (`attestation.available` once per family and year).

CREATE TABLE published_balances (
    family_id      uuid PRIMARY KEY,
    in_debt        boolean NOT NULL,
    overdue_cents  bigint NOT NULL,
    published_at   timestamptz NOT NULL
);
CREATE INDEX published_balances_in_debt ON published_balances (family_id) WHERE in_debt OR overdue_cents > 0;

CREATE TABLE announced_attestations (
    family_id     uuid NOT NULL,
    year          integer NOT NULL,
    announced_at  timestamptz NOT NULL,
    PRIMARY KEY (family_id, year)
);

CREATE INDEX payments_received_on ON payments (received_on) WHERE NOT to_wallet;
