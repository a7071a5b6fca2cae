-- Notifications (one per problem key) and approvals of notifier-service. The messaging tables (outbox,
-- processed_event, dead_letter) are created by the messaging library in this schema with their own history table.
CREATE TABLE notification (
    id              uuid        PRIMARY KEY,
    problem_key     text        NOT NULL,
    cluster_id      text        NOT NULL,
    kind            text        NOT NULL,   -- EXPIRY | RENEWAL_REQUESTED
    severity        text        NOT NULL,
    title           text        NOT NULL,
    detail          text        NOT NULL,
    status          text        NOT NULL,   -- PENDING until channels deliver
    occurrences     integer     NOT NULL,
    first_seen_at   timestamptz NOT NULL,
    last_seen_at    timestamptz NOT NULL,
    source_event_id text        NOT NULL,
    -- the guarantee behind "never a storm": one notification per problem
    CONSTRAINT notification_problem_key_uq UNIQUE (problem_key)
);
CREATE INDEX notification_cluster_idx ON notification (cluster_id);

CREATE TABLE approval (
    id              uuid        PRIMARY KEY,
    cluster_id      text        NOT NULL,
    subject_kind    text        NOT NULL,   -- RENEWAL | UPGRADE
    subject_id      text        NOT NULL,
    summary         text        NOT NULL,
    state           text        NOT NULL,   -- PENDING | GRANTED
    requested_at    timestamptz NOT NULL,
    source_event_id text        NOT NULL,
    approved_by     text,
    channel         text,
    comment         text,
    decided_at      timestamptz,
    CONSTRAINT approval_subject_uq UNIQUE (subject_kind, subject_id)
);
CREATE INDEX approval_pending_idx ON approval (requested_at) WHERE state = 'PENDING';
