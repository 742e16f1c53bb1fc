-- Quotas per tenant: a null limit is unlimited, and a tenant without a row has no quota at all.
CREATE TABLE quotas (
    tenant              text PRIMARY KEY REFERENCES tenants (name),
    cpu_milli           bigint CHECK (cpu_milli >= 0),
    memory_bytes        bigint CHECK (memory_bytes >= 0),
    containers          bigint CHECK (containers >= 0),
    image_storage_bytes bigint CHECK (image_storage_bytes >= 0),
    updated             timestamptz NOT NULL DEFAULT now()
);

-- Every mutating call that was authenticated: who, what, on which tenant, when, and the status answered (null when
-- the client went away before an answer). No foreign keys: the record outlives what it names, and a write to it must
-- not fail on them.
CREATE TABLE audit (
    id        bigserial PRIMARY KEY,
    at        timestamptz NOT NULL,
    tenant    text NOT NULL,
    principal text NOT NULL,
    token     text NOT NULL,
    method    text NOT NULL,
    path      text NOT NULL,
    target    text NOT NULL,
    status    integer
);

CREATE INDEX audit_target ON audit (target, id);
