-- Every change to what the tenant API reads (apps, their services and versions, replicas) notifies channel
-- berth_scheduler_changes, with the schema as payload, at commit. The scheduler's ChangeFeed listens and tells the
-- gateways, whose read caches drop what they hold. An UPDATE that changes nothing in a row notifies nothing, and
-- PostgreSQL folds the notifications of one transaction into one.
CREATE FUNCTION notify_tenant_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('berth_scheduler_changes', TG_TABLE_SCHEMA);
    RETURN NULL;
END
$$;

CREATE TRIGGER apps_added_or_removed AFTER INSERT OR DELETE ON apps
    FOR EACH ROW EXECUTE FUNCTION notify_tenant_change();
CREATE TRIGGER apps_changed AFTER UPDATE ON apps
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION notify_tenant_change();
CREATE TRIGGER services_added_or_removed AFTER INSERT OR DELETE ON services
    FOR EACH ROW EXECUTE FUNCTION notify_tenant_change();
CREATE TRIGGER services_changed AFTER UPDATE ON services
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION notify_tenant_change();
CREATE TRIGGER service_versions_added_or_removed AFTER INSERT OR DELETE ON service_versions
    FOR EACH ROW EXECUTE FUNCTION notify_tenant_change();
CREATE TRIGGER service_versions_changed AFTER UPDATE ON service_versions
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION notify_tenant_change();
CREATE TRIGGER replicas_added_or_removed AFTER INSERT OR DELETE ON replicas
    FOR EACH ROW EXECUTE FUNCTION notify_tenant_change();
CREATE TRIGGER replicas_changed AFTER UPDATE ON replicas
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION notify_tenant_change();
