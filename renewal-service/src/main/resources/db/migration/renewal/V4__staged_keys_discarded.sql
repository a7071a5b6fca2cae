-- EXTERNAL_CA: when the keys a failed renewal staged on a node (its REQUEST_SIGNING step there) were removed by a later
-- renewal, so no later one asks the node again.
ALTER TABLE renewal_step ADD COLUMN staged_discarded_at timestamptz;
