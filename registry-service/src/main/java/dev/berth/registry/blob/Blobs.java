package dev.berth.registry.blob;

import dev.berth.db.AdvisoryLock;
import dev.berth.db.Database;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.oci.Digest;
import dev.berth.registry.oci.RepositoryName;
import dev.berth.registry.repository.RepositoryRows;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blobs as repositories see them: a repository serves a blob once it was pushed or mounted there (a row in
 * {@code repository_blobs}) and the store holds its bytes.
 */
public final class Blobs {
    private static final Logger log = LoggerFactory.getLogger(Blobs.class);

    private final Database db;
    private final AdvisoryLock gcLock;
    private final BlobStore store;
    private final RegistryMetrics metrics;
    private final long touchEverySeconds;

    /**
     * @param touchEvery how stale a blob's last use may get before a check for it (HEAD) records a new one; a small
     *     part of the garbage collector's grace period, so that a push that found the blob has the grace to use it
     */
    public Blobs(Database db, AdvisoryLock gcLock, BlobStore store, RegistryMetrics metrics, Duration touchEvery) {
        this.db = db;
        this.gcLock = gcLock;
        this.store = store;
        this.metrics = metrics;
        this.touchEverySeconds = Math.max(0, touchEvery.toSeconds());
    }

    public BlobStore store() {
        return store;
    }

    /**
     * The size of a blob the repository holds, for a client that is about to push a manifest using it (HEAD): the
     * blob's last use moves, so that garbage collection leaves it to that manifest.
     */
    public long check(RepositoryName repository, Digest digest) {
        // One statement, so one round trip: the look-up, and the touch when the last use is older than touchEvery.
        OptionalLong known = db.autocommit("checking blob " + digest, connection -> {
            try (PreparedStatement check = connection.prepareStatement("WITH found AS (SELECT b.digest, b.size,"
                    + " b.last_used_at FROM repository_blobs rb JOIN repositories r ON r.id = rb.repository_id"
                    + " JOIN blobs b ON b.digest = rb.digest WHERE r.name = ? AND rb.digest = ?),"
                    + " touched AS (UPDATE blobs SET last_used_at = now() FROM found WHERE blobs.digest = found.digest"
                    + " AND found.last_used_at < now() - make_interval(secs => ?))"
                    + " SELECT size FROM found")) {
                check.setString(1, repository.value());
                check.setString(2, digest.toString());
                check.setLong(3, touchEverySeconds);
                try (ResultSet rows = check.executeQuery()) {
                    return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
                }
            }
        });
        if (known.isEmpty()) {
            throw new BlobUnknownException(repository, digest);
        }
        return stored(repository, digest, known.getAsLong());
    }

    /** The size of a blob the repository holds, for a pull. */
    public long size(RepositoryName repository, Digest digest) {
        OptionalLong size = db.autocommit("finding blob " + digest,
                connection -> sizeIn(connection, repository, digest));
        if (size.isEmpty()) {
            throw new BlobUnknownException(repository, digest);
        }
        return stored(repository, digest, size.getAsLong());
    }

    /** The blob's bytes from {@code offset}; the caller checked that the repository holds it. */
    public ReadableByteChannel open(RepositoryName repository, Digest digest, long offset) {
        try {
            return store.open(digest, offset);
        } catch (IOException e) {
            throw new BlobUnknownException(repository, digest);
        }
    }

    /**
     * Makes a blob of another repository one of this repository's too, without copying it. Empty if {@code from}
     * does not hold it: the client then uploads it.
     */
    public OptionalLong mount(RepositoryName repository, RepositoryName from, Digest digest) {
        OptionalLong mounted = db.transaction("mounting " + digest + " from " + from, connection -> {
            gcLock.shared(connection);
            OptionalLong size = sizeIn(connection, from, digest);
            if (size.isEmpty() || store.size(digest).isEmpty()) {
                return OptionalLong.empty();
            }
            record(connection, repository, digest, size.getAsLong());
            return size;
        });
        if (mounted.isPresent()) {
            metrics.pushed("mount");
        }
        return mounted;
    }

    /** Takes the blob out of the repository; its bytes stay while other repositories or manifests use them. */
    public void delete(RepositoryName repository, Digest digest) {
        int removed = db.autocommit("deleting blob " + digest + " from " + repository, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM repository_blobs"
                    + " WHERE digest = ? AND repository_id = (SELECT id FROM repositories WHERE name = ?)")) {
                delete.setString(1, digest.toString());
                delete.setString(2, repository.value());
                return delete.executeUpdate();
            }
        });
        if (removed == 0) {
            throw new BlobUnknownException(repository, digest);
        }
    }

    /**
     * Records, inside the caller's transaction (which holds the lock against GC), that the store holds the blob and
     * the repository has it; its last use is now.
     */
    public static void record(Connection connection, RepositoryName repository, Digest digest, long size)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO blobs (digest, size) VALUES (?, ?)"
                + " ON CONFLICT (digest) DO UPDATE SET last_used_at = now()")) {
            upsert.setString(1, digest.toString());
            upsert.setLong(2, size);
            upsert.executeUpdate();
        }
        long repositoryId = RepositoryRows.ensure(connection, repository);
        try (PreparedStatement link = connection.prepareStatement("INSERT INTO repository_blobs (repository_id, digest)"
                + " VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            link.setLong(1, repositoryId);
            link.setString(2, digest.toString());
            link.executeUpdate();
        }
    }

    /** The blob's size if the repository holds it. */
    public static OptionalLong sizeIn(Connection connection, RepositoryName repository, Digest digest)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT b.size FROM repository_blobs rb"
                + " JOIN repositories r ON r.id = rb.repository_id JOIN blobs b ON b.digest = rb.digest"
                + " WHERE r.name = ? AND rb.digest = ?")) {
            select.setString(1, repository.value());
            select.setString(2, digest.toString());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    private long stored(RepositoryName repository, Digest digest, long size) {
        if (store.size(digest).isEmpty()) {
            // The database and the store disagree (the store was restored from an older copy, or a file was
            // removed by hand): the blob cannot be served, and pushing it again repairs it.
            log.warn("blob {} of {} is recorded but missing from the blob store", digest, repository);
            throw new BlobUnknownException(repository, digest);
        }
        return size;
    }
}
