package dev.berth.agent.image;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OCI image config (image-spec {@code config.md}): the document whose sha256 is the image id. Berth writes it
 * once, stores those exact bytes as a blob, and reads it back at start-up.
 *
 * @param created when the image was made
 * @param architecture the Go name of the CPU architecture, {@code amd64} or {@code arm64}
 * @param config the run-time defaults
 * @param diffIds the sha256 of each uncompressed layer tar, bottom layer first
 * @param history one entry per layer, saying what made it
 */
record OciImageConfig(Instant created, String architecture, ImageConfig config, List<Digest> diffIds,
                      List<History> history) {
    static final String CREATED_BY_IMPORT = "berth import";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    OciImageConfig {
        diffIds = List.copyOf(diffIds);
        history = List.copyOf(history);
    }

    /**
     * One step of an image's making, oldest first, as {@code docker history} shows it.
     *
     * @param createdBy the command that made the layer, such as {@code berth import}
     * @param comment what the maker said, such as {@code commit -m}; empty for none
     * @param emptyLayer true when the step changed only the config and made no layer
     */
    record History(Instant created, String createdBy, String comment, boolean emptyLayer) {
        History(Instant created, String createdBy) {
            this(created, createdBy, "", false);
        }
    }

    /** The config of a one-layer image imported from a rootfs tar. */
    static OciImageConfig forImport(Instant created, ImageConfig config, Digest diffId) {
        return new OciImageConfig(created, hostArchitecture(), config, List.of(diffId),
                List.of(new History(created, CREATED_BY_IMPORT)));
    }

    /**
     * The config of an image made from {@code parent} by adding one layer on top, such as a commit: the parent's
     * layers and history, then the new layer and {@code step}.
     */
    static OciImageConfig withLayer(OciImageConfig parent, ImageConfig config, Digest diffId, History step) {
        List<Digest> layers = new ArrayList<>(parent.diffIds());
        layers.add(diffId);
        List<History> steps = new ArrayList<>(parent.history());
        steps.add(step);
        String architecture = parent.architecture().isEmpty() ? hostArchitecture() : parent.architecture();
        return new OciImageConfig(step.created(), architecture, config, layers, steps);
    }

    /**
     * Whether {@code other} describes the same image but for its timestamps. Importing the same tar with the same
     * config again then gives back the existing image rather than a twin with another id.
     */
    boolean sameImageAs(OciImageConfig other) {
        return architecture.equals(other.architecture) && config.equals(other.config)
                && diffIds.equals(other.diffIds)
                && history.stream().map(History::createdBy).toList()
                        .equals(other.history.stream().map(History::createdBy).toList());
    }

    /** The JSON document; the image id is the sha256 of exactly these bytes. */
    byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("created", created.toString());
        root.put("architecture", architecture);
        root.put("os", "linux");
        ObjectNode run = root.putObject("config");
        strings(run, "Env", config.env());
        strings(run, "Entrypoint", config.entrypoint());
        strings(run, "Cmd", config.cmd());
        run.put("WorkingDir", config.workingDir());
        run.put("User", config.user());
        // Only when set, so that images imported before these fields existed keep their ids.
        if (!config.exposedPorts().isEmpty()) {
            ObjectNode ports = run.putObject("ExposedPorts");
            config.exposedPorts().forEach(port -> ports.putObject(port));
        }
        if (!config.labels().isEmpty()) {
            ObjectNode labels = run.putObject("Labels");
            config.labels().forEach(labels::put);
        }
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode layers = rootfs.putArray("diff_ids");
        diffIds.forEach(diffId -> layers.add(diffId.toString()));
        ArrayNode entries = root.putArray("history");
        for (History entry : history) {
            ObjectNode node = entries.addObject();
            node.put("created", entry.created().toString());
            node.put("created_by", entry.createdBy());
            if (!entry.comment().isEmpty()) {
                node.put("comment", entry.comment());
            }
            if (entry.emptyLayer()) {
                node.put("empty_layer", true);
            }
        }
        return JSON.writeValueAsBytes(root);
    }

    // As Docker writes it: an unset Entrypoint or Cmd is null, not an empty list.
    private static void strings(ObjectNode parent, String name, List<String> values) {
        if (values.isEmpty()) {
            parent.putNull(name);
        } else {
            ArrayNode array = parent.putArray(name);
            values.forEach(array::add);
        }
    }

    /** Reads an image config, as stored by {@link #toJson()} or written by another OCI tool. */
    static OciImageConfig parse(byte[] json) {
        try {
            JsonNode root = JSON.readTree(json);
            JsonNode run = root.path("config");
            Map<String, String> labels = new TreeMap<>();
            for (Map.Entry<String, JsonNode> label : run.path("Labels").properties()) {
                labels.put(label.getKey(), label.getValue().asString(""));
            }
            ImageConfig config = new ImageConfig(strings(run.path("Env")), strings(run.path("Entrypoint")),
                    strings(run.path("Cmd")), run.path("WorkingDir").asString(""), run.path("User").asString(""),
                    new ArrayList<>(run.path("ExposedPorts").propertyNames()), labels);
            List<Digest> diffIds = new ArrayList<>();
            for (JsonNode diffId : root.path("rootfs").path("diff_ids").values()) {
                diffIds.add(Digest.parse(diffId.asString()));
            }
            List<History> history = new ArrayList<>();
            for (JsonNode entry : root.path("history").values()) {
                history.add(new History(instant(entry.path("created")), entry.path("created_by").asString(""),
                        entry.path("comment").asString(""), entry.path("empty_layer").asBoolean(false)));
            }
            return new OciImageConfig(instant(root.path("created")), root.path("architecture").asString(""),
                    config, diffIds, history);
        } catch (JacksonException | IllegalArgumentException | DateTimeParseException e) {
            throw new ImageException("invalid OCI image config: " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : array.values()) {
            values.add(value.asString());
        }
        return values;
    }

    private static Instant instant(JsonNode node) {
        return node.isString() ? Instant.parse(node.stringValue()) : Instant.EPOCH;
    }

    /** The OCI (Go) name of this machine's architecture. */
    static String hostArchitecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }
}
