package dev.berth.agent.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Networks and their leases on disk: {@code networks/ID.json} and {@code networks/ID.leases.json}, each replaced
 * atomically and durably.
 */
final class NetworkStore {
    private final Path dir;
    private final JsonMapper json;

    /**
     * The leases of one network.
     *
     * @param next where the search for a free address starts: after the last one handed out, so that a released
     *     address is reused only once the subnet has been gone round
     * @param byAddress address → container id
     */
    record Leases(@Nullable Ipv4 next, Map<String, String> byAddress) {
        Leases {
            byAddress = new TreeMap<>(byAddress);
        }
    }

    NetworkStore(Path dir, JsonMapper json) {
        this.dir = dir;
        this.json = json;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Network> loadAll() {
        List<Network> networks = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("[0-9a-f]{64}\\.json")).toList()) {
                networks.add(json.readValue(file.toFile(), Network.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return networks;
    }

    void save(Network network) {
        DurableFiles.replace(dir.resolve(network.id() + ".json"), json.writeValueAsBytes(network));
    }

    void delete(Network network) {
        try {
            Files.deleteIfExists(leasesFile(network.id()));
            Files.deleteIfExists(dir.resolve(network.id() + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Leases leases(String networkId) {
        Path file = leasesFile(networkId);
        if (!Files.exists(file)) {
            return new Leases(null, Map.of());
        }
        return json.readValue(file.toFile(), Leases.class);
    }

    void saveLeases(String networkId, Leases leases) {
        DurableFiles.replace(leasesFile(networkId), json.writeValueAsBytes(leases));
    }

    private Path leasesFile(String networkId) {
        return dir.resolve(networkId + ".leases.json");
    }
}
