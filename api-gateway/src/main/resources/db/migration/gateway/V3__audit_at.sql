-- The retention sweep deletes by age.
CREATE INDEX audit_at ON audit (at);
