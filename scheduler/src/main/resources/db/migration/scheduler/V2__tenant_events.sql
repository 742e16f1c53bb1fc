-- Events a tenant can follow (GET /api/v1/events): what happened to its apps, services and containers. Rows with a
-- null tenant are the platform's (nodes up, down, drained) and are never served to a tenant.
--
-- horizon: the end of the writer's snapshot (pg_snapshot_xmax) taken after its id was drawn. Ids are drawn in order
-- but committed in any order; a reader that finds a gap before a row knows the gap's writer started before that
-- horizon, so once every transaction older than it has ended, the gap is final (rolled back) and can be passed.
ALTER TABLE events
    ADD COLUMN tenant     text,
    ADD COLUMN app        text,
    ADD COLUMN service    text,
    ADD COLUMN replica    bigint,
    ADD COLUMN node       text,
    ADD COLUMN exit_code  integer,
    ADD COLUMN oom        boolean,
    ADD COLUMN health     text,
    ADD COLUMN version    integer,
    ADD COLUMN horizon    xid8;

CREATE INDEX events_tenant ON events (tenant, id) WHERE tenant IS NOT NULL;
-- Retention deletes by age.
CREATE INDEX events_at ON events (at);
