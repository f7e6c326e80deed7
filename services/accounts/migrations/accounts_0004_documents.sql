-- depends: accounts_0001_init
-- Required documents: their types (data, seeded here) and every upload with its review.

CREATE TABLE document_types (
    code             text PRIMARY KEY,
    label            text NOT NULL,
    scope            text NOT NULL CHECK (scope IN ('family', 'child')),
    validity_months  integer CHECK (validity_months > 0),
    mandatory        boolean NOT NULL,
    rank             integer NOT NULL UNIQUE
);

INSERT INTO document_types (code, label, scope, validity_months, mandatory, rank) VALUES
    ('attestation_caf', 'Attestation CAF', 'family', 12, true, 1),
    ('attestation_employeur', 'Attestation employeur', 'family', 12, false, 2),
    ('vaccinations', 'Carnet de vaccinations', 'child', NULL, true, 3),
    ('assurance', 'Attestation d''assurance', 'child', 12, true, 4),
    ('certificat_medical', 'Certificat médical', 'child', NULL, false, 5);

-- One row per upload; the requirement's current document is the one with `current`, the replaced
-- ones stay as history. `expired` is never stored: it depends on the day the status is read.
CREATE TABLE documents (
    id            uuid PRIMARY KEY,
    family_id     uuid NOT NULL REFERENCES families (id),
    child_id      uuid REFERENCES children (id),
    type          text NOT NULL REFERENCES document_types (code),
    current       boolean NOT NULL DEFAULT true,
    filename      text NOT NULL,
    content_type  text NOT NULL,
    size          integer NOT NULL CHECK (size >= 0),
    sha256        text NOT NULL,
    content       bytea NOT NULL,
    uploaded_at   timestamptz NOT NULL,
    uploaded_by   text NOT NULL,
    status        text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'validated', 'refused')),
    decided_at    timestamptz,
    decided_by    text,
    reason        text,
    valid_until   date,
    CHECK ((status = 'submitted') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX documents_one_current ON documents
    (family_id, type, coalesce(child_id, '00000000-0000-0000-0000-000000000000'::uuid)) WHERE current;
CREATE INDEX documents_pending ON documents (uploaded_at) WHERE current AND status = 'submitted';
