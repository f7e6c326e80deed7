-- depends: notifications_0002_milestone2
-- The inbox between families and structures: threads of messages. Each side (the family, the
-- structure's staff) has its own trash; a message is read by the side it was sent to.

CREATE TABLE message_threads (
    id                 uuid PRIMARY KEY,
    family_id          uuid NOT NULL,
    structure_id       uuid NOT NULL,
    structure_name     text NOT NULL,   -- as reservations named it when the thread started
    subject            text NOT NULL,
    started_by         text NOT NULL CHECK (started_by IN ('family', 'staff')),
    created_at         timestamptz NOT NULL,
    last_message_at    timestamptz NOT NULL,
    family_trashed_at  timestamptz,
    staff_trashed_at   timestamptz
);
CREATE INDEX message_threads_family ON message_threads (family_id, last_message_at DESC);
CREATE INDEX message_threads_structure ON message_threads (structure_id, last_message_at DESC);

CREATE TABLE messages (
    id         uuid PRIMARY KEY,
    thread_id  uuid NOT NULL REFERENCES message_threads (id),
    sender     text NOT NULL CHECK (sender IN ('family', 'staff')),
    author_id  text NOT NULL,           -- the user who wrote it
    body       text NOT NULL,
    sent_at    timestamptz NOT NULL,
    read_at    timestamptz
);
CREATE INDEX messages_thread ON messages (thread_id, sent_at);
CREATE INDEX messages_unread ON messages (thread_id, sender) WHERE read_at IS NULL;
