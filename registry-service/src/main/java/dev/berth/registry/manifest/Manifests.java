package dev.berth.registry.manifest;

import dev.berth.db.AdvisoryLock;
import dev.berth.db.Database;
import dev.berth.registry.ErrorCode;
import dev.berth.registry.LimitExceededException;
import dev.berth.registry.Limits;
import dev.berth.registry.RegistryException;
import dev.berth.registry.blob.Blobs;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.oci.Descriptor;
import dev.berth.registry.oci.Digest;
import dev.berth.registry.oci.Reference;
import dev.berth.registry.oci.RepositoryName;
import dev.berth.registry.repository.NameUnknownException;
import dev.berth.registry.repository.RepositoryRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Manifests of repositories. A manifest is stored only once everything it references is there: the config and
 * layers of an image in its repository, the children of an index among its repository's manifests. The check and
 * the insert happen in one transaction under the lock against garbage collection, so a blob cannot be collected
 * between the two.
 */
public final class Manifests {
    private static final TypeReference<Map<String, String>> ANNOTATIONS = new TypeReference<>() {};

    private final Database db;
    private final AdvisoryLock gcLock;
    private final ManifestParser parser;
    private final JsonMapper json;
    private final Limits limits;
    private final RegistryMetrics metrics;

    public Manifests(Database db, AdvisoryLock gcLock, JsonMapper json, Limits limits, RegistryMetrics metrics) {
        this.db = db;
        this.gcLock = gcLock;
        this.parser = new ManifestParser(json);
        this.json = json;
        this.limits = limits;
        this.metrics = metrics;
    }

    /** What a push stored: the manifest's digest, and its subject's if it has one (for the OCI-Subject header). */
    public record Pushed(Digest digest, @Nullable Digest subject) {}

    public Pushed put(RepositoryName repository, Reference reference, byte[] content, @Nullable String contentType) {
        if (content.length > limits.maxManifestBytes()) {
            throw new LimitExceededException(ErrorCode.MANIFEST_INVALID, "the manifest (" + content.length
                    + " bytes)", limits.maxManifestBytes(), Limits.MANIFEST_SETTING);
        }
        ParsedManifest manifest = parser.parse(content, contentType);
        if (reference instanceof Reference.ByDigest(Digest named) && !named.equals(manifest.digest())) {
            throw new RegistryException(ErrorCode.DIGEST_INVALID, "the manifest's digest is " + manifest.digest()
                    + ", not " + named, Map.of("digest", named.toString(), "actual", manifest.digest().toString()));
        }
        db.transaction("storing manifest " + manifest.digest() + " in " + repository, connection -> {
            gcLock.shared(connection);
            long repositoryId = RepositoryRows.ensure(connection, repository);
            checkBlobs(connection, repository, manifest);
            Totals totals = manifest.isIndex() ? children(connection, repository, repositoryId, manifest)
                    : new Totals(manifest.imageSize(), manifest.layers().size());
            long manifestId = insert(connection, repositoryId, manifest, totals);
            if (reference instanceof Reference.ByTag(var tag)) {
                try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO tags (repository_id, name,"
                        + " manifest_id) VALUES (?, ?, ?) ON CONFLICT (repository_id, name)"
                        + " DO UPDATE SET manifest_id = excluded.manifest_id, updated_at = now()")) {
                    upsert.setLong(1, repositoryId);
                    upsert.setString(2, tag.value());
                    upsert.setLong(3, manifestId);
                    upsert.executeUpdate();
                }
            }
            return null;
        });
        metrics.pushed("manifest");
        return new Pushed(manifest.digest(), manifest.subject() == null ? null : manifest.subject().digest());
    }

    public StoredManifest get(RepositoryName repository, Reference reference) {
        Optional<StoredManifest> found = db.autocommit("reading manifest " + reference, connection -> {
            String sql = switch (reference) {
                case Reference.ByTag tag -> "SELECT m.digest, m.media_type, m.content FROM tags t"
                        + " JOIN manifests m ON m.id = t.manifest_id JOIN repositories r ON r.id = t.repository_id"
                        + " WHERE r.name = ? AND t.name = ?";
                case Reference.ByDigest digest -> "SELECT m.digest, m.media_type, m.content FROM manifests m"
                        + " JOIN repositories r ON r.id = m.repository_id WHERE r.name = ? AND m.digest = ?";
            };
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, repository.value());
                select.setString(2, reference.toString());
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        return Optional.of(new StoredManifest(Digest.parse(rows.getString(1)), rows.getString(2),
                                rows.getBytes(3)));
                    }
                }
            }
            if (RepositoryRows.find(connection, repository).isEmpty()) {
                throw new NameUnknownException(repository);
            }
            return Optional.<StoredManifest>empty();
        });
        StoredManifest manifest = found.orElseThrow(() -> new ManifestUnknownException(repository, reference));
        metrics.pulled("manifest");
        return manifest;
    }

    /**
     * By tag, removes the tag only; by digest, the manifest and every tag that points at it. Its blobs are left to
     * garbage collection.
     */
    public void delete(RepositoryName repository, Reference reference) {
        int deleted = db.autocommit("deleting " + reference + " from " + repository, connection -> {
            String sql = switch (reference) {
                case Reference.ByTag tag -> "DELETE FROM tags WHERE name = ?"
                        + " AND repository_id = (SELECT id FROM repositories WHERE name = ?)";
                case Reference.ByDigest digest -> "DELETE FROM manifests WHERE digest = ?"
                        + " AND repository_id = (SELECT id FROM repositories WHERE name = ?)";
            };
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                delete.setString(1, reference.toString());
                delete.setString(2, repository.value());
                return delete.executeUpdate();
            }
        });
        if (deleted == 0) {
            throw new ManifestUnknownException(repository, reference);
        }
    }

    /** Manifests of the repository whose subject is {@code subject}, optionally of one artifact type only. */
    public List<Referrer> referrers(RepositoryName repository, Digest subject, @Nullable String artifactType) {
        return db.autocommit("listing referrers of " + subject, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT m.media_type, m.digest,"
                    + " octet_length(m.content), m.artifact_type, m.annotations FROM manifests m"
                    + " JOIN repositories r ON r.id = m.repository_id"
                    + " WHERE r.name = ? AND m.subject_digest = ? AND (?::text IS NULL OR m.artifact_type = ?)"
                    + " ORDER BY m.digest")) {
                select.setString(1, repository.value());
                select.setString(2, subject.toString());
                select.setString(3, artifactType);
                select.setString(4, artifactType);
                List<Referrer> referrers = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String annotations = rows.getString(5);
                        referrers.add(new Referrer(rows.getString(1), Digest.parse(rows.getString(2)),
                                rows.getLong(3), rows.getString(4),
                                annotations == null ? Map.of() : json.readValue(annotations, ANNOTATIONS)));
                    }
                }
                return referrers;
            }
        });
    }

    private static void checkBlobs(Connection connection, RepositoryName repository, ParsedManifest manifest)
            throws SQLException {
        for (Descriptor blob : manifest.requiredBlobs()) {
            OptionalLong size = Blobs.sizeIn(connection, repository, blob.digest());
            String what = blob == manifest.config() ? "config" : "layer";
            if (size.isEmpty()) {
                throw new ManifestBlobUnknownException(repository, what, blob.digest());
            }
            if (size.getAsLong() != blob.size()) {
                throw new InvalidManifestException("the manifest gives " + what + " " + blob.digest() + " a size of "
                        + blob.size() + " bytes, but it has " + size.getAsLong());
            }
        }
    }

    private record Totals(long imageSize, int layerCount) {}

    private static Totals children(Connection connection, RepositoryName repository, long repositoryId,
                                   ParsedManifest index) throws SQLException {
        long imageSize = 0;
        int layerCount = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT octet_length(content), image_size,"
                + " layer_count FROM manifests WHERE repository_id = ? AND digest = ?")) {
            for (Descriptor child : index.children()) {
                select.setLong(1, repositoryId);
                select.setString(2, child.digest().toString());
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new ManifestBlobUnknownException(repository, "manifest", child.digest());
                    }
                    if (rows.getLong(1) != child.size()) {
                        throw new InvalidManifestException("the index gives manifest " + child.digest()
                                + " a size of " + child.size() + " bytes, but it has " + rows.getLong(1));
                    }
                    imageSize += rows.getLong(2);
                    layerCount += rows.getInt(3);
                }
            }
        }
        return new Totals(imageSize, layerCount);
    }

    private long insert(Connection connection, long repositoryId, ParsedManifest manifest, Totals totals)
            throws SQLException {
        long id;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO manifests (repository_id, digest,"
                + " media_type, content, artifact_type, subject_digest, annotations, image_size, layer_count)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (repository_id, digest) DO NOTHING RETURNING id")) {
            insert.setLong(1, repositoryId);
            insert.setString(2, manifest.digest().toString());
            insert.setString(3, manifest.mediaType());
            insert.setBytes(4, manifest.content());
            insert.setString(5, manifest.artifactType());
            insert.setString(6, manifest.subject() == null ? null : manifest.subject().digest().toString());
            if (manifest.annotations().isEmpty()) {
                insert.setNull(7, Types.VARCHAR);
            } else {
                insert.setString(7, json.writeValueAsString(new LinkedHashMap<>(manifest.annotations())));
            }
            insert.setLong(8, totals.imageSize());
            insert.setInt(9, totals.layerCount());
            try (ResultSet rows = insert.executeQuery()) {
                if (!rows.next()) {
                    // Pushed before, byte for byte (same digest): what it references is recorded already.
                    return existingId(connection, repositoryId, manifest.digest());
                }
                id = rows.getLong(1);
            }
        }
        try (PreparedStatement link = connection.prepareStatement(
                "INSERT INTO manifest_blobs (manifest_id, digest) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (Descriptor blob : manifest.requiredBlobs()) {
                link.setLong(1, id);
                link.setString(2, blob.digest().toString());
                link.addBatch();
            }
            link.executeBatch();
        }
        try (PreparedStatement link = connection.prepareStatement(
                "INSERT INTO manifest_children (manifest_id, child_digest) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (Descriptor child : manifest.children()) {
                link.setLong(1, id);
                link.setString(2, child.digest().toString());
                link.addBatch();
            }
            link.executeBatch();
        }
        return id;
    }

    private static long existingId(Connection connection, long repositoryId, Digest digest) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM manifests WHERE repository_id = ? AND digest = ?")) {
            select.setLong(1, repositoryId);
            select.setString(2, digest.toString());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("manifest " + digest + " vanished");
                }
                return rows.getLong(1);
            }
        }
    }
}
