-- A retryable pre-flight failure (the API away for a moment) is tried again with backoff before the renewal fails:
-- how many START attempts failed so far, and what the last one said (shown while the renewal waits).
ALTER TABLE renewal
    ADD COLUMN start_attempts int NOT NULL DEFAULT 0,
    ADD COLUMN start_note     text;
