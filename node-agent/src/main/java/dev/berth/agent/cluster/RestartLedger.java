package dev.berth.agent.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How often each replica was restarted, kept on disk so that an agent restart does not report its replicas as never
 * restarted (the scheduler's rollouts count restarts). One small file, written whole (to a temporary file, then
 * renamed) at each change:
 * <pre>
 * stateDir/cluster/restarts.json   {"42": {"specVersion": 3, "restarts": 2}, …}
 * </pre>
 * A replica's count belongs to its spec version: another version starts at 0.
 */
final class RestartLedger {
    private static final Logger log = LoggerFactory.getLogger(RestartLedger.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Entry(int specVersion, int restarts) {}

    private final Path file;
    private final Map<Long, Entry> entries = new TreeMap<>();

    RestartLedger(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                for (Map.Entry<String, JsonNode> e : JSON.readTree(Files.readString(file)).properties()) {
                    entries.put(Long.parseLong(e.getKey()), new Entry(e.getValue().path("specVersion").asInt(),
                            e.getValue().path("restarts").asInt()));
                }
            } catch (IOException | JacksonException | NumberFormatException e) {
                log.warn("ignoring the unreadable restart counts in {}: {}", file, e.getMessage());
                entries.clear();
            }
        }
    }

    synchronized int restarts(long replica, int specVersion) {
        Entry entry = entries.get(replica);
        return entry != null && entry.specVersion() == specVersion ? entry.restarts() : 0;
    }

    synchronized void record(long replica, int specVersion, int restarts) {
        if (!new Entry(specVersion, restarts).equals(entries.put(replica, new Entry(specVersion, restarts)))) {
            save();
        }
    }

    /** Forgets every replica but these. */
    synchronized void retain(Set<Long> replicas) {
        if (entries.keySet().retainAll(replicas)) {
            save();
        }
    }

    private void save() {
        Map<String, Map<String, Integer>> json = new TreeMap<>();
        entries.forEach((replica, e) -> json.put(Long.toString(replica), Map.of("specVersion", e.specVersion(),
                "restarts", e.restarts())));
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, JSON.writeValueAsString(json));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the restart counts to " + file, e);
        }
    }
}
