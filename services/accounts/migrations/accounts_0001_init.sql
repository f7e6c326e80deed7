-- Families with their guardians and children; users, their sessions and the login history.

CREATE SEQUENCE family_number_seq;

CREATE TABLE families (
    id            uuid PRIMARY KEY,
    number        text NOT NULL UNIQUE,
    display_name  text NOT NULL,
    quotient      integer CHECK (quotient >= 0),
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE guardians (
    id          uuid PRIMARY KEY,
    family_id   uuid NOT NULL REFERENCES families (id),
    rank        integer NOT NULL,
    civility    text NOT NULL,
    first_name  text NOT NULL,
    last_name   text NOT NULL,
    email       text,
    phone       text,
    position    text,
    UNIQUE (family_id, rank)
);

CREATE TABLE children (
    id          uuid PRIMARY KEY,
    family_id   uuid NOT NULL REFERENCES families (id),
    rank        integer NOT NULL,
    first_name  text NOT NULL,
    last_name   text NOT NULL,
    birth_date  date NOT NULL,
    UNIQUE (family_id, rank)
);

CREATE TABLE users (
    id                    uuid PRIMARY KEY,
    login                 text NOT NULL,
    password_hash         text NOT NULL,
    role                  text NOT NULL CHECK (role IN ('parent', 'staff', 'admin')),
    family_id             uuid REFERENCES families (id),
    structure_ids         uuid[] NOT NULL DEFAULT '{}',
    must_change_password  boolean NOT NULL DEFAULT false,
    display_name          text NOT NULL,
    email                 text,
    created_at            timestamptz NOT NULL DEFAULT now(),
    CHECK ((role = 'parent') = (family_id IS NOT NULL))
);
CREATE UNIQUE INDEX users_login_ci ON users (lower(login));

CREATE TABLE sessions (
    token_sha256  text PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    user_agent    text,
    ip            text
);
CREATE INDEX sessions_user_live ON sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE login_history (
    id          bigserial PRIMARY KEY,
    user_id     uuid REFERENCES users (id),
    login       text NOT NULL,
    at          timestamptz NOT NULL,
    ip          text,
    user_agent  text,
    success     boolean NOT NULL
);
CREATE INDEX login_history_user ON login_history (user_id, at DESC);
