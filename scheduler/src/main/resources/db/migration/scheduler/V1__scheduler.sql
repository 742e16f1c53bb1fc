-- The scheduler's desired and observed state. Every write that changes what a node should run also appends to
-- assignment_log, from which the agents' watch streams are served and resumed.

CREATE TABLE nodes (
    id                      text PRIMARY KEY,
    address                 text NOT NULL,
    labels                  jsonb NOT NULL DEFAULT '{}',
    cpu_milli               bigint NOT NULL,
    memory_bytes            bigint NOT NULL,
    pids                    bigint NOT NULL,
    port_min                integer NOT NULL,
    port_max                integer NOT NULL,
    allocated_cpu_milli     bigint NOT NULL DEFAULT 0,
    allocated_memory_bytes  bigint NOT NULL DEFAULT 0,
    allocated_pids          bigint NOT NULL DEFAULT 0,
    used_ports              integer[] NOT NULL DEFAULT '{}',
    images                  text[] NOT NULL DEFAULT '{}',
    state                   text NOT NULL DEFAULT 'up' CHECK (state IN ('up', 'down')),
    draining                boolean NOT NULL DEFAULT false,
    registered_at           timestamptz NOT NULL DEFAULT now(),
    last_heartbeat          timestamptz NOT NULL DEFAULT now(),
    -- Bumped by every change of the allocation: placements commit only against the version they were decided on.
    version                 bigint NOT NULL DEFAULT 0
);

CREATE TABLE apps (
    id          bigserial PRIMARY KEY,
    tenant      text NOT NULL,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant, name)
);

CREATE TABLE services (
    id               bigserial PRIMARY KEY,
    app_id           bigint NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    name             text NOT NULL,
    current_version  integer NOT NULL,
    -- The rollout towards current_version: none, progressing, done, rolled-back (to rollout_from).
    rollout_state    text NOT NULL DEFAULT 'none',
    rollout_from     integer,
    rollout_message  text,
    UNIQUE (app_id, name)
);

CREATE TABLE service_versions (
    service_id     bigint NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    version        integer NOT NULL,
    spec           jsonb NOT NULL,
    -- Digest of what the containers run (everything but replicas and update settings): equal digests need no restart.
    template_hash  text NOT NULL,
    reason         text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, version)
);

CREATE SEQUENCE revisions;

CREATE TABLE replicas (
    id              bigserial PRIMARY KEY,
    service_id      bigint NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    slot            integer NOT NULL,
    spec_version    integer NOT NULL,
    node_id         text REFERENCES nodes (id),
    desired         text NOT NULL DEFAULT 'running',
    status          text NOT NULL DEFAULT 'pending',
    pending_reason  jsonb,
    cpu_milli       bigint NOT NULL,
    memory_bytes    bigint NOT NULL,
    pids            bigint NOT NULL,
    host_ports      integer[] NOT NULL DEFAULT '{}',
    restarts        integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- Bumped on every change of the row. Writers lock it (FOR UPDATE) or condition on node_id IS NULL (placement).
    version         bigint NOT NULL DEFAULT 0
);
CREATE INDEX replicas_service ON replicas (service_id);
CREATE INDEX replicas_node ON replicas (node_id) WHERE node_id IS NOT NULL;
CREATE INDEX replicas_pending ON replicas (id) WHERE node_id IS NULL;

-- What each node should run, as a log of changes: op 'put' (the replica is, or is again, on the node) or 'remove'.
CREATE TABLE assignment_log (
    revision    bigint PRIMARY KEY DEFAULT nextval('revisions'),
    node_id     text NOT NULL,
    replica_id  bigint NOT NULL,
    op          text NOT NULL CHECK (op IN ('put', 'remove')),
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assignment_log_node ON assignment_log (node_id, revision);

-- What happened, for operators: node up/down, placements failing, rollouts and rollbacks.
CREATE TABLE events (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    kind     text NOT NULL,
    subject  text NOT NULL,
    message  text NOT NULL
);
