package dev.berth.agent.shipping;

import dev.berth.agent.container.Container;
import java.util.Map;

/** Whose a container's output is in log-service: its tenant and app, from its labels or the node's defaults. */
public final class SourceNames {
    public static final String TENANT_LABEL = "berth.tenant";
    public static final String APP_LABEL = "berth.app";

    private SourceNames() {}

    /** Tenant and app of a container: labels win, else the node's tenant and the container's name. */
    public static ShippedContainer of(Container container, ShippingSettings settings) {
        Map<String, String> labels = container.config().labels();
        String tenant = labels.getOrDefault(TENANT_LABEL, settings.tenant());
        String app = labels.getOrDefault(APP_LABEL, container.config().name().value());
        return new ShippedContainer(container.id().value(), sanitize(tenant), sanitize(app),
                container.paths().directory());
    }

    /**
     * A name log-service accepts ({@code [A-Za-z0-9][A-Za-z0-9_.-]{0,127}}): other characters become {@code _}. A
     * label is free text, and a batch with one bad name would be refused whole.
     */
    public static String sanitize(String name) {
        StringBuilder out = new StringBuilder(Math.min(name.length(), 128));
        for (int i = 0; i < name.length() && out.length() < 128; i++) {
            char c = name.charAt(i);
            boolean alnum = c < 128 && Character.isLetterOrDigit(c);
            out.append(alnum || (out.length() > 0 && (c == '_' || c == '.' || c == '-')) ? c
                    : out.length() == 0 ? 'x' : '_');
        }
        return out.isEmpty() ? "x" : out.toString();
    }
}
