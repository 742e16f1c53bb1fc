-- Tenants, the principals within them, and their API tokens. A token's secret is never stored: only its SHA-256.
CREATE TABLE tenants (
    name    text PRIMARY KEY,
    created timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE principals (
    id      bigserial PRIMARY KEY,
    tenant  text NOT NULL REFERENCES tenants (name),
    name    text NOT NULL,
    kind    text NOT NULL CHECK (kind IN ('user', 'service-account')),
    created timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant, name)
);

CREATE TABLE tokens (
    id            text PRIMARY KEY,
    principal     bigint NOT NULL REFERENCES principals (id),
    scopes        text[] NOT NULL,
    secret_sha256 bytea NOT NULL,
    description   text,
    created       timestamptz NOT NULL DEFAULT now(),
    expires       timestamptz,
    revoked       timestamptz,
    last_used     timestamptz
);

CREATE INDEX tokens_principal ON tokens (principal);
