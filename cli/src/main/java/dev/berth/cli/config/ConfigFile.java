package dev.berth.cli.config;

import dev.berth.cli.CliException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The user's settings file. {@code berth login} writes it; every verb reads it.
 *
 * <pre>
 * ~/.berth/                 mode 700
 * └── config.json           mode 600: {"host": "http://127.0.0.1:7750", "token": "berth_&lt;id&gt;_&lt;secret&gt;"}
 * </pre>
 *
 * Members the CLI does not know are kept as they are when it rewrites the file. A write goes to a temporary file of
 * mode 600 in the same directory, renamed over the old one, so the token is never readable by others, not even for a
 * moment, and a crash leaves the old file or the new one whole.
 */
public final class ConfigFile {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final Path path;

    public ConfigFile(Path path) {
        this.path = path;
    }

    /** {@code ~/.berth/config.json}, with {@code ~} from {@code $HOME} so that it can be pointed elsewhere. */
    public static ConfigFile of(Map<String, String> env) {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new ConfigFile(Path.of(home, ".berth", "config.json"));
    }

    public Path path() {
        return path;
    }

    /** What the file says; both empty when there is no file. */
    public Settings read() {
        if (!Files.isRegularFile(path)) {
            return new Settings(null, null);
        }
        JsonNode root = tree();
        return new Settings(text(root, "host"), text(root, "token"));
    }

    /** Records a login: the host and the token presented to it, replacing any before. */
    public void login(String host, String token) {
        ObjectNode root = Files.isRegularFile(path) ? tree() : JSON.createObjectNode();
        root.put("host", host);
        root.put("token", token);
        write(root);
    }

    /**
     * Forgets the login: the token and the host it was for, so that the CLI talks to the local agent again.
     *
     * @return the host logged out of, or null if there was no token
     */
    public @Nullable String logout() {
        Settings settings = read();
        if (settings.token() == null) {
            return null;
        }
        ObjectNode root = tree();
        root.remove("token");
        root.remove("host");
        write(root);
        return settings.host() != null ? settings.host() : "";
    }

    private ObjectNode tree() {
        try {
            JsonNode root = JSON.readTree(path.toFile());
            if (root instanceof ObjectNode object) {
                return object;
            }
            throw new CliException(path + ": not a JSON object");
        } catch (JacksonException e) {
            throw new CliException(path + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    private void write(ObjectNode root) {
        Path dir = path.toAbsolutePath().getParent();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            Path temporary = Files.createTempFile(dir, ".config-", ".json", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
                        StandardCharsets.UTF_8);
                try {
                    Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new CliException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    private static @Nullable String text(JsonNode root, String name) {
        JsonNode value = root.get(name);
        return value != null && value.isString() && !value.asString().isBlank() ? value.asString().strip() : null;
    }

    /**
     * @param host where {@code berth login} pointed the CLI (or what the user wrote), or null
     * @param token the API token presented to {@code host}, or null
     */
    public record Settings(@Nullable String host, @Nullable String token) {}
}
