-- The id of the container that runs a replica on its node, as the node's agent last reported it: what a tenant
-- names to read one container's logs. Cleared when the replica leaves its node.
ALTER TABLE replicas ADD COLUMN container_id text;
