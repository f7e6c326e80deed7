-- depends: accounts_0001_init
-- The whole family file: allowance, quotient validity and bank details of the family; address,
-- phones, work and consents of guardians; school, consents, pick-ups and (encrypted) health of
-- children; parents' change requests. Parent accounts may now wait for activation without a password.

-- Accent-insensitive family search (a trusted extension: the database owner may create it).
CREATE EXTENSION IF NOT EXISTS unaccent;

ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;

ALTER TABLE families
    ADD COLUMN caf_number            text,
    ADD COLUMN allowance_scheme      text CHECK (allowance_scheme IN ('caf', 'msa', 'other')),
    ADD COLUMN quotient_valid_until  date,
    ADD COLUMN iban                  text,  -- compact form, checked before it is stored
    ADD COLUMN bank_account_holder   text,
    ADD COLUMN anonymised_at         timestamptz;

ALTER TABLE guardians RENAME COLUMN phone TO mobile_phone;
ALTER TABLE guardians
    ADD COLUMN address_line1  text,
    ADD COLUMN address_line2  text,
    ADD COLUMN postcode       text,
    ADD COLUMN city           text,
    ADD COLUMN home_phone     text,
    ADD COLUMN work_phone     text,
    ADD COLUMN profession     text,
    ADD COLUMN employer       text,
    ADD COLUMN consent_email  boolean NOT NULL DEFAULT true,
    ADD COLUMN consent_sms    boolean NOT NULL DEFAULT false;

ALTER TABLE children
    ADD COLUMN sex                 text CHECK (sex IN ('F', 'M')),
    ADD COLUMN school              text,
    ADD COLUMN school_class        text,
    ADD COLUMN image_consent       boolean NOT NULL DEFAULT false,
    ADD COLUMN authorised_pickups  jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN health_ciphertext   text;  -- Fernet token of the health object, never plaintext

CREATE TABLE change_requests (
    id            uuid PRIMARY KEY,
    family_id     uuid NOT NULL REFERENCES families (id),
    target        text NOT NULL CHECK (target IN ('family', 'guardian', 'child', 'new_child')),
    target_id     uuid,
    changes       jsonb NOT NULL,
    status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'refused')),
    reason        text,
    requested_by  text NOT NULL,
    requested_at  timestamptz NOT NULL,
    decided_by    text,
    decided_at    timestamptz,
    CHECK ((target = 'new_child') = (target_id IS NULL))
);
CREATE INDEX change_requests_family ON change_requests (family_id, requested_at DESC);
CREATE INDEX change_requests_pending ON change_requests (requested_at) WHERE status = 'pending';
