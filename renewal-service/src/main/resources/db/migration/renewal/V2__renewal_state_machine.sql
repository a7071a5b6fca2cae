-- The renewal state machine: one open renewal per CLUSTER (every expiring certificate of the cluster joins it), the
-- certificates it covers, its persisted steps, and the lease a worker holds while it advances it.

ALTER TABLE renewal
    ADD COLUMN access              text        NOT NULL DEFAULT 'API',
    ADD COLUMN labels              jsonb       NOT NULL DEFAULT '{}',
    ADD COLUMN not_before          timestamptz,          -- does not start before (window opening, retry backoff)
    ADD COLUMN window_end          timestamptz,
    ADD COLUMN approved_by         text,
    ADD COLUMN approved_at         timestamptz,
    ADD COLUMN cancel_requested_by text,
    ADD COLUMN nodes               jsonb       NOT NULL DEFAULT '[]',  -- the nodes it touches, in order
    ADD COLUMN started_at          timestamptz,
    ADD COLUMN finished_at         timestamptz,
    ADD COLUMN failed_step         text,
    ADD COLUMN failed_node         text,
    ADD COLUMN failure_reason      text,
    ADD COLUMN failure_retryable   boolean,
    ADD COLUMN backup_location     text,
    ADD COLUMN upgrade_id          text,
    ADD COLUMN lease_owner         text,
    ADD COLUMN lease_until         timestamptz,
    ADD COLUMN lease_token         bigint      NOT NULL DEFAULT 0;

-- States before the state machine: REQUESTED waited for approval or ran at once; APPROVED/IN_PROGRESS never ran.
UPDATE renewal SET state = CASE WHEN approval_required THEN 'AWAITING_APPROVAL' ELSE 'SCHEDULED' END
 WHERE state = 'REQUESTED';
UPDATE renewal SET state = 'SCHEDULED' WHERE state IN ('APPROVED', 'IN_PROGRESS');

CREATE TABLE renewal_certificate (
    renewal_id      uuid        NOT NULL REFERENCES renewal (id),
    node_name       text,
    location        text        NOT NULL,
    kubeadm_name    text,
    sha256          text        NOT NULL,
    severity        text        NOT NULL,
    not_after       timestamptz NOT NULL,
    source_event_id text        NOT NULL,
    added_at        timestamptz NOT NULL
);
CREATE UNIQUE INDEX renewal_certificate_uq ON renewal_certificate (renewal_id, coalesce(node_name, ''), location);

INSERT INTO renewal_certificate
SELECT id, node_name, location, kubeadm_name, sha256, severity, not_after, source_event_id, requested_at FROM renewal;

-- Older rows could hold several open renewals of one cluster: the oldest keeps them all, the others are superseded.
WITH ranked AS (
    SELECT id, cluster_id, first_value(id) OVER (PARTITION BY cluster_id ORDER BY requested_at, id) AS keeper
      FROM renewal WHERE state IN ('AWAITING_APPROVAL', 'SCHEDULED'))
INSERT INTO renewal_certificate
SELECT r.keeper, c.node_name, c.location, c.kubeadm_name, c.sha256, c.severity, c.not_after, c.source_event_id, c.added_at
  FROM ranked r JOIN renewal_certificate c ON c.renewal_id = r.id
 WHERE r.id <> r.keeper
ON CONFLICT DO NOTHING;
WITH ranked AS (
    SELECT id, first_value(id) OVER (PARTITION BY cluster_id ORDER BY requested_at, id) AS keeper
      FROM renewal WHERE state IN ('AWAITING_APPROVAL', 'SCHEDULED'))
UPDATE renewal SET state = 'CANCELLED', failure_reason = 'superseded by renewal ' || ranked.keeper
  FROM ranked WHERE renewal.id = ranked.id AND ranked.id <> ranked.keeper;

DROP INDEX renewal_open_per_location_uq;
-- At most one open renewal per cluster: two would race on the same control-plane nodes.
CREATE UNIQUE INDEX renewal_open_per_cluster_uq
    ON renewal (cluster_id)
    WHERE state IN ('REQUESTED', 'AWAITING_APPROVAL', 'SCHEDULED', 'RUNNING');
-- What workers claim.
CREATE INDEX renewal_due_idx ON renewal (not_before) WHERE state IN ('SCHEDULED', 'RUNNING');

CREATE TABLE renewal_step (
    renewal_id  uuid        NOT NULL REFERENCES renewal (id),
    seq         int         NOT NULL,
    cluster_id  text        NOT NULL,
    node_name   text,                    -- null for cluster-level steps
    kind        text        NOT NULL,    -- BACKUP, RENEW, RESTART_STATIC_PODS, VERIFY, REFRESH_KUBECONFIG, ...
    state       text        NOT NULL,    -- PENDING, RUNNING, DONE, SKIPPED, FAILED
    attempts    int         NOT NULL DEFAULT 0,
    started_at  timestamptz,
    finished_at timestamptz,
    result      jsonb,                   -- public facts only (paths, fingerprints, validity)
    note        text,                    -- skip reason, last error, what it waits for
    PRIMARY KEY (renewal_id, seq)
);
-- Never two steps of one cluster at once, so never two control-plane nodes of one cluster at once: the database
-- refuses a second RUNNING step whatever the workers believe.
CREATE UNIQUE INDEX renewal_step_one_running_per_cluster_uq ON renewal_step (cluster_id) WHERE state = 'RUNNING';

-- Upgrades upgrade-service planned (UpgradePlanned) and has not finished: a renewal can be handed over to them.
CREATE TABLE planned_upgrade (
    cluster_id  text        PRIMARY KEY,
    upgrade_id  text        NOT NULL,
    planned_at  timestamptz NOT NULL
);

-- Every kubelet-serving CSR decision, for audit.
CREATE TABLE csr_decision (
    cluster_id  text        NOT NULL,
    csr_name    text        NOT NULL,
    requester   text        NOT NULL,
    decision    text        NOT NULL,    -- APPROVED, DENIED
    reason      text        NOT NULL,
    decided_at  timestamptz NOT NULL,
    PRIMARY KEY (cluster_id, csr_name)
);
