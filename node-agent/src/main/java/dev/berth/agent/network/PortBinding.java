package dev.berth.agent.network;

/**
 * A port the caller asked to publish: {@code -p [hostIp:][hostPort:]containerPort[/protocol]}.
 *
 * @param hostIp {@link Ipv4#ANY} for every address of the host
 * @param hostPort 0 for a free port picked at each start
 */
public record PortBinding(Ipv4 hostIp, int hostPort, int containerPort, Protocol protocol) {

    public PortBinding {
        if (containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("container port " + containerPort + " is not 1-65535");
        }
        if (hostPort < 0 || hostPort > 65535) {
            throw new IllegalArgumentException("host port " + hostPort + " is not 0-65535");
        }
    }

    /** How Docker prints one: {@code 0.0.0.0:8080->80/tcp}. */
    @Override
    public String toString() {
        return hostIp + ":" + (hostPort == 0 ? "" : hostPort) + "->" + containerPort + "/" + protocol.apiName();
    }
}
