-- The relay's housekeeping deletes remembered event ids past certfleet.messaging.processed-retention.
CREATE INDEX processed_event_processed_at_idx ON processed_event (processed_at);
