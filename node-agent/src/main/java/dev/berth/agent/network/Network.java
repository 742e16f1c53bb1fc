package dev.berth.agent.network;

import java.time.Instant;

/**
 * A bridge network: a host bridge with the gateway address, and a subnet from which containers lease theirs.
 *
 * @param builtin the default network, {@code bridge}, which cannot be removed
 */
public record Network(String id, String name, Subnet subnet, Ipv4 gateway, String bridge, Instant created,
                      boolean builtin) {

    public String shortId() {
        return id.substring(0, 12);
    }
}
