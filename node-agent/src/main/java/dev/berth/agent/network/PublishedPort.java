package dev.berth.agent.network;

/** A mapping in force: traffic to {@code hostIp:hostPort} reaches the container's {@code containerPort}. */
public record PublishedPort(Protocol protocol, int containerPort, Ipv4 hostIp, int hostPort) {

    /** The host side as a user types it: {@code 127.0.0.1:8080/tcp}. */
    public String hostSide() {
        return hostIp + ":" + hostPort + "/" + protocol.apiName();
    }
}
