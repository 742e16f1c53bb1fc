-- Events a tenant can follow (GET /api/v1/events): what happened to its apps, services and containers. Rows with a
-- null tenant are the platform's (nodes up, down, drained) and are never served to a tenant.
ALTER TABLE events
    ADD COLUMN tenant     text,
    ADD COLUMN app        text,
    ADD COLUMN service    text,
    ADD COLUMN replica    bigint,
    ADD COLUMN node       text,
    ADD COLUMN exit_code  integer,
    ADD COLUMN oom        boolean,
    ADD COLUMN health     text,
    ADD COLUMN version    integer;

CREATE INDEX events_tenant ON events (tenant, id) WHERE tenant IS NOT NULL;
-- Retention deletes by age.
CREATE INDEX events_at ON events (at);
