-- The fleet inventory: clusters and their nodes, the certificates found in them, and the scans that found them.
-- Requests for an immediate scan (after a renewal, or asked through the API) are the former rescan_request rows.

ALTER TABLE rescan_request RENAME TO scan_request;
ALTER INDEX rescan_request_cluster_idx RENAME TO scan_request_cluster_idx;
ALTER INDEX rescan_request_open_idx RENAME TO scan_request_open_idx;
ALTER TABLE scan_request ALTER COLUMN renewal_id DROP NOT NULL;
ALTER TABLE scan_request ALTER COLUMN source_event_id DROP NOT NULL;

CREATE TABLE cluster (
    id                    text        PRIMARY KEY,
    flavour               text        NOT NULL,   -- KUBEADM | CLUSTER_API | TKG | ANTHOS_BARE_METAL | OTHER
    labels                jsonb       NOT NULL DEFAULT '{}'::jsonb,
    api_endpoint          text,
    management_cluster    text,
    management_namespace  text,
    management_name       text,
    ssh_secret_available  boolean     NOT NULL DEFAULT false,  -- never the key itself
    node_access           text        NOT NULL,   -- LOCAL | KUBERNETES_JOB | SSH | NONE
    origin                text        NOT NULL,   -- API | FILE | DISCOVERED
    scan_interval_seconds bigint,                 -- null: the configured interval
    endpoints             jsonb       NOT NULL DEFAULT '[]'::jsonb,  -- endpoints not tied to a node
    registered_at         timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    -- scheduling and leases: one instance scans a cluster at a time (claimed FOR UPDATE SKIP LOCKED)
    next_scan_at          timestamptz NOT NULL,
    lease_owner           text,
    lease_until           timestamptz,
    last_scan_id          text,
    last_scan_at          timestamptz
);
CREATE INDEX cluster_due_idx ON cluster (next_scan_at);
CREATE INDEX cluster_team_idx ON cluster ((labels ->> 'team'));
CREATE INDEX cluster_origin_idx ON cluster (origin, management_cluster);

CREATE TABLE cluster_node (
    cluster_id  text    NOT NULL REFERENCES cluster (id) ON DELETE CASCADE,
    name        text    NOT NULL,
    role        text    NOT NULL,                 -- CONTROL_PLANE | WORKER
    address     text,
    local_root  text,
    endpoints   jsonb   NOT NULL DEFAULT '[]'::jsonb,
    PRIMARY KEY (cluster_id, name)
);

-- One row per certificate location: the inventory. node_name is '' for cluster-level sources.
CREATE TABLE certificate (
    cluster_id            text        NOT NULL REFERENCES cluster (id) ON DELETE CASCADE,
    node_name             text        NOT NULL,
    source_kind           text        NOT NULL,
    location              text        NOT NULL,
    idx                   integer     NOT NULL,
    scope                 text        NOT NULL,   -- node:<n> | endpoint:<url> | secrets | csr | trust
    kubeadm_name          text,
    certificate_authority text,
    externally_managed    boolean     NOT NULL,
    subject               text        NOT NULL,
    issuer                text        NOT NULL,
    serial_number         text        NOT NULL,
    sha256                text        NOT NULL,
    not_before            timestamptz NOT NULL,
    not_after             timestamptz NOT NULL,
    facts                 jsonb       NOT NULL,   -- the events' CertificateFacts: public facts only
    findings              jsonb       NOT NULL DEFAULT '[]'::jsonb,
    severity              text,                   -- WARNING | CRITICAL | EXPIRED as last announced; null: none
    first_seen_at         timestamptz NOT NULL,   -- when this certificate (sha256) was first seen here
    last_seen_at          timestamptz NOT NULL,
    last_scan_id          text        NOT NULL,
    PRIMARY KEY (cluster_id, node_name, source_kind, location, idx)
);
CREATE INDEX certificate_scope_idx ON certificate (cluster_id, scope);
CREATE INDEX certificate_not_after_idx ON certificate (not_after);
CREATE INDEX certificate_severity_idx ON certificate (severity) WHERE severity IS NOT NULL;

CREATE TABLE scan (
    id                   text        PRIMARY KEY,
    cluster_id           text        NOT NULL,
    trigger              text        NOT NULL,
    owner                text        NOT NULL,
    status               text        NOT NULL,   -- RUNNING | COMPLETED | ABANDONED
    status_reason        text,
    started_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    finished_at          timestamptz,
    nodes_total          integer     NOT NULL,
    nodes_done           integer     NOT NULL DEFAULT 0,
    cluster_sources_done boolean     NOT NULL DEFAULT false,
    certificate_count    integer     NOT NULL DEFAULT 0,
    error_count          integer     NOT NULL DEFAULT 0,
    unreachable_count    integer     NOT NULL DEFAULT 0,
    unreachable          jsonb       NOT NULL DEFAULT '[]'::jsonb,  -- the first ones
    expiry_detected      integer     NOT NULL DEFAULT 0,
    expiry_resolved      integer     NOT NULL DEFAULT 0
);
CREATE INDEX scan_cluster_idx ON scan (cluster_id, started_at DESC);
CREATE INDEX scan_running_idx ON scan (cluster_id) WHERE status = 'RUNNING';

-- The first errors of each scan (error_count counts them all).
CREATE TABLE scan_error (
    scan_id   text    NOT NULL REFERENCES scan (id) ON DELETE CASCADE,
    seq       integer NOT NULL,
    location  text    NOT NULL,
    reason    text    NOT NULL,
    PRIMARY KEY (scan_id, seq)
);
