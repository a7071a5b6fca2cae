-- Rescans asked for by other services' events (so far: a completed renewal). The messaging tables (outbox,
-- processed_event, dead_letter) are created by the messaging library in this schema with their own history table.
CREATE TABLE rescan_request (
    id                uuid        PRIMARY KEY,
    cluster_id        text        NOT NULL,
    renewal_id        text        NOT NULL,
    reason            text        NOT NULL,
    state             text        NOT NULL,     -- REQUESTED | COMPLETED
    source_event_id   text        NOT NULL,
    requested_at      timestamptz NOT NULL,
    scan_id           text,
    certificate_count integer,
    error_count       integer,
    completed_at      timestamptz
);
CREATE INDEX rescan_request_cluster_idx ON rescan_request (cluster_id);
CREATE INDEX rescan_request_open_idx ON rescan_request (requested_at) WHERE state = 'REQUESTED';
