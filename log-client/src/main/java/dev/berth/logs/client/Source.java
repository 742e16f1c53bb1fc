package dev.berth.logs.client;

import java.util.regex.Pattern;

/**
 * Where bytes come from: one stream of one container, and whose it is. Names are checked here, once, so that every
 * part after the wire can trust them.
 */
public record Source(String tenant, String app, String container, Stream stream, String node) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    public Source {
        checkName("tenant", tenant);
        checkName("app", app);
        checkName("container", container);
        checkName("node", node);
    }

    /** Names of tenants, apps, containers and nodes: 1 to 128 of {@code [A-Za-z0-9_.-]}, starting alphanumeric. */
    public static void checkName(String what, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid " + what + " name '" + name
                    + "': 1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
    }

    /** The JSON of a source record. Every name is plain ASCII without quotes, so no escaping is needed. */
    public String toJson() {
        return "{\"tenant\":\"" + tenant + "\",\"app\":\"" + app + "\",\"container\":\"" + container
                + "\",\"stream\":\"" + stream.wireName() + "\",\"node\":\"" + node + "\"}";
    }
}
