-- The messaging tables of one service, created in the service's own schema (the search_path Flyway set).
-- Versioned in their own history table (messaging_schema_history), independent of the service's migrations.

-- Transactional outbox: rows are written in the same transaction as the state change they announce,
-- then relayed to Kafka in seq order by OutboxRelay.
CREATE TABLE outbox (
    id              uuid        PRIMARY KEY,
    seq             bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    topic           text        NOT NULL,
    kafka_key       text,
    event_id        text,                       -- null for dead-letter records (their bytes may not be an event)
    event_type      text,
    payload         bytea       NOT NULL,
    headers         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz NOT NULL,
    published_at    timestamptz,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text
);
-- The relay only ever scans unpublished rows.
CREATE INDEX outbox_unpublished_idx ON outbox (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL;

-- Idempotent consumption: one row per (consumer, event id), inserted in the transaction of the effect.
CREATE TABLE processed_event (
    consumer     text        NOT NULL,
    event_id     text        NOT NULL,
    processed_at timestamptz NOT NULL,
    PRIMARY KEY (consumer, event_id)
);

-- Records a consumer could not process and sent to <topic>.dlt: someone can query them here.
CREATE TABLE dead_letter (
    id               uuid        PRIMARY KEY,
    consumer         text        NOT NULL,
    source_topic     text        NOT NULL,
    source_partition integer     NOT NULL,
    source_offset    bigint      NOT NULL,
    kafka_key        text,
    event_id         text,
    event_type       text,
    reason           text        NOT NULL,      -- FailureReason
    detail           text        NOT NULL,
    payload          bytea       NOT NULL,
    created_at       timestamptz NOT NULL,
    CONSTRAINT dead_letter_source_uq UNIQUE (consumer, source_topic, source_partition, source_offset)
);
