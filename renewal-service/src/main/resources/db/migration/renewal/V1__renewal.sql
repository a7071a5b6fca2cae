-- Renewals decided by renewal-service. The messaging tables (outbox, processed_event, dead_letter) are created by
-- the messaging library in this schema with their own history table.
CREATE TABLE renewal (
    id                uuid        PRIMARY KEY,
    cluster_id        text        NOT NULL,
    node_name         text,                     -- null for certificates that live in the cluster, not on a node
    location          text        NOT NULL,
    kubeadm_name      text,
    sha256            text        NOT NULL,
    severity          text        NOT NULL,
    not_after         timestamptz NOT NULL,
    state             text        NOT NULL,
    strategy          text        NOT NULL,
    reason            text        NOT NULL,
    approval_required boolean     NOT NULL,
    requested_by      text        NOT NULL,
    source_event_id   text        NOT NULL,
    requested_at      timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);

-- At most one open renewal per certificate location: a second one would race the first on the same files.
CREATE UNIQUE INDEX renewal_open_per_location_uq
    ON renewal (cluster_id, coalesce(node_name, ''), location)
    WHERE state IN ('REQUESTED', 'APPROVED', 'IN_PROGRESS');
CREATE INDEX renewal_cluster_idx ON renewal (cluster_id);
