package dev.berth.cli.api;

import org.jspecify.annotations.Nullable;

/**
 * A published port in force, as {@code port}, the container list and {@code networkSettings.ports} give it: the host
 * address and port that lead to the container's port. A random host port is the one chosen at this start.
 */
public record PortMapping(
        @Nullable String protocol, int containerPort, @Nullable String hostIp, @Nullable Integer hostPort) {

    private static final String ALL_ADDRESSES = "0.0.0.0";

    /** {@code 80/tcp}, the container side as Docker names it. */
    public String privatePort() {
        return containerPort + "/" + protocolOrTcp();
    }

    public String protocolOrTcp() {
        return protocol == null || protocol.isEmpty() ? "tcp" : protocol;
    }

    /** The host address; absent means every address, which Docker shows as {@code 0.0.0.0}. */
    public String hostIpOrAll() {
        return hostIp == null || hostIp.isEmpty() ? ALL_ADDRESSES : hostIp;
    }

    /** Whether a host port leads here; a mapping without one is only an exposed port. */
    public boolean isPublished() {
        return hostPort != null && hostPort != 0;
    }

    /** {@code 0.0.0.0:8080}, or {@code [::1]:8080}: Go's {@code net.JoinHostPort}, which Docker prints with. */
    public String hostAddress() {
        return joinHostPort(hostIpOrAll(), String.valueOf(hostPort == null ? 0 : hostPort));
    }

    public static String joinHostPort(String host, String port) {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
