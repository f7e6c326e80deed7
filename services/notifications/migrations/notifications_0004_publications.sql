-- depends: notifications_0002_milestone2
-- News, published forms (files to download) and contact requests from the public contact form.

-- `activity_id` NULL: news for everyone, shown before login; else only to the families of that
-- activity (the gateway names the logged-in family's activities). `structure_id` NULL: the town's
-- news (admins only). `published_at` NULL: not published (a draft, or taken down).
CREATE TABLE news (
    id             uuid PRIMARY KEY,
    title          text NOT NULL,
    body           text NOT NULL,
    structure_id   uuid,
    activity_id    uuid,
    activity_name  text,
    published_at   timestamptz,
    created_by     text NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE INDEX news_published ON news (published_at DESC) WHERE published_at IS NOT NULL;

-- The file is kept in the row, as accounts keeps uploaded documents (a few MB at most).
CREATE TABLE forms (
    id            uuid PRIMARY KEY,
    title         text NOT NULL,
    description   text NOT NULL DEFAULT '',
    structure_id  uuid,
    filename      text NOT NULL,
    content_type  text NOT NULL,
    size_bytes    integer NOT NULL,
    content       bytea NOT NULL,
    published     boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- The structures a visitor may write to, with the address their requests are emailed to (if any).
CREATE TABLE structure_contacts (
    structure_id  uuid PRIMARY KEY,
    name          text NOT NULL,
    email         text,
    updated_at    timestamptz NOT NULL
);

CREATE TABLE contact_requests (
    id            uuid PRIMARY KEY,
    structure_id  uuid NOT NULL REFERENCES structure_contacts (structure_id),
    family_id     uuid,
    name          text NOT NULL,
    email         text NOT NULL,
    subject       text NOT NULL,
    message       text NOT NULL,
    email_id      uuid,
    created_at    timestamptz NOT NULL
);
CREATE INDEX contact_requests_structure ON contact_requests (structure_id, created_at DESC);
