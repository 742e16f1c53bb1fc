package dev.berth.registry.search;

import dev.berth.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Finds repositories whose name contains a term, and lists their tags. */
public final class ImageSearch {
    private final Database db;

    public ImageSearch(Database db) {
        this.db = db;
    }

    /**
     * A tag of a match.
     *
     * @param size config plus layers, as pushed (for an index: summed over its manifests)
     * @param layers how many layers (for an index: summed over its manifests)
     * @param pushedAt when the tag was last pushed
     */
    public record TagSummary(String name, String digest, String mediaType, long size, int layers, Instant pushedAt) {}

    /** A matching repository, its tags in order, and when anything was last pushed to it. */
    public record RepositoryMatch(String name, List<TagSummary> tags, @Nullable Instant lastPushedAt) {}

    /** Up to {@code limit} repositories whose name contains {@code term} (case-insensitively), by name. */
    public List<RepositoryMatch> search(String term, int limit) {
        return db.autocommit("searching for '" + term + "'", connection -> {
            Map<Long, String> names = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id, name FROM repositories"
                    + " WHERE strpos(name, lower(?)) > 0 ORDER BY name LIMIT ?")) {
                select.setString(1, term);
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        names.put(rows.getLong(1), rows.getString(2));
                    }
                }
            }
            Map<Long, List<TagSummary>> tags = new LinkedHashMap<>();
            if (!names.isEmpty()) {
                try (PreparedStatement select = connection.prepareStatement("SELECT t.repository_id, t.name,"
                        + " m.digest, m.media_type, m.image_size, m.layer_count, t.updated_at FROM tags t"
                        + " JOIN manifests m ON m.id = t.manifest_id WHERE t.repository_id = ANY (?)"
                        + " ORDER BY t.repository_id, t.name")) {
                    select.setArray(1, connection.createArrayOf("bigint", names.keySet().toArray()));
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            Timestamp pushed = rows.getTimestamp(7);
                            tags.computeIfAbsent(rows.getLong(1), id -> new ArrayList<>()).add(new TagSummary(
                                    rows.getString(2), rows.getString(3), rows.getString(4), rows.getLong(5),
                                    rows.getInt(6), pushed.toInstant()));
                        }
                    }
                }
            }
            List<RepositoryMatch> matches = new ArrayList<>();
            names.forEach((id, name) -> {
                List<TagSummary> repositoryTags = tags.getOrDefault(id, List.of());
                Instant last = repositoryTags.stream().map(TagSummary::pushedAt).max(Instant::compareTo)
                        .orElse(null);
                matches.add(new RepositoryMatch(name, repositoryTags, last));
            });
            return matches;
        });
    }
}
