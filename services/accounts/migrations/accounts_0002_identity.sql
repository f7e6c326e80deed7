-- depends: accounts_0001_init
-- Identity, milestone 2: accounts without a password yet (activation), disabled users, single-use
-- links (activation, password reset, email change) and the throttling of failed logins.

ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;  -- NULL until the account is activated
ALTER TABLE users ADD COLUMN disabled_at timestamptz;

-- Only a SHA-256 of each token is kept. `new_email` is the address an email change will set.
CREATE TABLE user_tokens (
    token_sha256  text PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id),
    purpose       text NOT NULL CHECK (purpose IN ('activation', 'password_reset', 'email_change')),
    new_email     text,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    requested_ip  text,
    CHECK ((purpose = 'email_change') = (new_email IS NOT NULL))
);
CREATE INDEX user_tokens_user ON user_tokens (user_id, purpose, created_at);

CREATE INDEX users_email_ci ON users (lower(email));

-- Attempts refused while a login or an address was locked: kept in the history, never replayed.
ALTER TABLE login_history ADD COLUMN throttled boolean NOT NULL DEFAULT false;
CREATE INDEX login_history_login ON login_history (lower(login), at);
CREATE INDEX login_history_ip_failures ON login_history (ip, at) WHERE NOT success AND NOT throttled;
