-- Upgrade plans of upgrade-service, one per upgrade id. The messaging tables (outbox, processed_event,
-- dead_letter) are created by the messaging library in this schema with their own history table.
CREATE TABLE upgrade_plan (
    upgrade_id      text        PRIMARY KEY,
    cluster_id      text        NOT NULL,
    from_version    text        NOT NULL,
    target_version  text        NOT NULL,
    state           text        NOT NULL,       -- PLANNED | REJECTED (execution states come with the sequencer)
    hops            text[]      NOT NULL,
    reason          text        NOT NULL,
    requested_by    text        NOT NULL,
    source_event_id text        NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX upgrade_plan_cluster_idx ON upgrade_plan (cluster_id);
