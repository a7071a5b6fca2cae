-- The "state change" of the test consumer in EventInboxIT.
CREATE TABLE probe_effect (
    event_id   text PRIMARY KEY,
    cluster_id text NOT NULL
);
