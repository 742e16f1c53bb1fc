-- The registry's metadata. Blob content lives in the blob store; these tables say which blobs exist, which
-- repositories hold them, and which manifests reference them. Flyway runs this with the schema as search path.

CREATE TABLE repositories (
    id          bigserial PRIMARY KEY,
    name        text COLLATE "C" NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per blob in the blob store. last_used_at moves when a blob is pushed, mounted or checked for (HEAD):
-- garbage collection keeps unreferenced blobs for a grace period after that, for the push that is about to
-- reference them.
CREATE TABLE blobs (
    digest        text PRIMARY KEY,
    size          bigint NOT NULL CHECK (size >= 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz NOT NULL DEFAULT now()
);

-- A blob is in a repository once pushed or mounted there; only then can that repository serve it.
CREATE TABLE repository_blobs (
    repository_id  bigint NOT NULL REFERENCES repositories ON DELETE CASCADE,
    digest         text NOT NULL REFERENCES blobs ON DELETE CASCADE,
    added_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (repository_id, digest)
);
CREATE INDEX repository_blobs_digest ON repository_blobs (digest);

-- The exact bytes as pushed, since the digest names them. image_size and layer_count are for search: config plus
-- layers of an image, summed over the children of an index.
CREATE TABLE manifests (
    id              bigserial PRIMARY KEY,
    repository_id   bigint NOT NULL REFERENCES repositories ON DELETE CASCADE,
    digest          text NOT NULL,
    media_type      text NOT NULL,
    content         bytea NOT NULL,
    artifact_type   text,
    subject_digest  text,
    annotations     text,
    image_size      bigint NOT NULL,
    layer_count     integer NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (repository_id, digest)
);
CREATE INDEX manifests_subject ON manifests (repository_id, subject_digest) WHERE subject_digest IS NOT NULL;

-- Blobs a manifest references (config and layers). No cascade from blobs: a referenced blob is never collected.
CREATE TABLE manifest_blobs (
    manifest_id  bigint NOT NULL REFERENCES manifests ON DELETE CASCADE,
    digest       text NOT NULL REFERENCES blobs,
    PRIMARY KEY (manifest_id, digest)
);
CREATE INDEX manifest_blobs_digest ON manifest_blobs (digest);

-- Manifests an index lists; they are manifests of the same repository.
CREATE TABLE manifest_children (
    manifest_id   bigint NOT NULL REFERENCES manifests ON DELETE CASCADE,
    child_digest  text NOT NULL,
    PRIMARY KEY (manifest_id, child_digest)
);

CREATE TABLE tags (
    repository_id  bigint NOT NULL REFERENCES repositories ON DELETE CASCADE,
    name           text COLLATE "C" NOT NULL,
    manifest_id    bigint NOT NULL REFERENCES manifests ON DELETE CASCADE,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (repository_id, name)
);
CREATE INDEX tags_manifest ON tags (manifest_id);

-- Uploads in progress; their bytes are in the blob store's upload area, and how many there are is its answer.
CREATE TABLE uploads (
    id             uuid PRIMARY KEY,
    repository     text NOT NULL,
    started_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX uploads_updated ON uploads (updated_at);
