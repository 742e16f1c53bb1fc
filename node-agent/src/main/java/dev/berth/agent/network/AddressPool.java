package dev.berth.agent.network;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The addresses of one network, leased to containers. A lease is on disk before the address is used, and lives until
 * its container is removed; so no address is ever held by two containers, even across a crash of the agent.
 */
final class AddressPool {
    private final Network network;
    private final Consumer<NetworkStore.Leases> persist;
    private final Map<String, String> byAddress;
    private Ipv4 next;

    AddressPool(Network network, NetworkStore.Leases leases, Consumer<NetworkStore.Leases> persist) {
        this.network = network;
        this.persist = persist;
        this.byAddress = new HashMap<>(leases.byAddress());
        this.next = leases.next() != null && network.subnet().contains(leases.next()) ? leases.next()
                : network.subnet().firstHost();
    }

    synchronized Ipv4 lease(String containerId) {
        Optional<Ipv4> held = leaseOf(containerId);
        if (held.isPresent()) {
            return held.get();
        }
        Subnet subnet = network.subnet();
        Ipv4 candidate = next;
        for (long tried = 0; tried < subnet.size(); tried++) {
            if (!subnet.contains(candidate)) {
                candidate = subnet.base();
            }
            if (subnet.isHost(candidate) && !candidate.equals(network.gateway())
                    && !byAddress.containsKey(candidate.toString())) {
                byAddress.put(candidate.toString(), containerId);
                next = candidate.plus(1);
                save();
                return candidate;
            }
            candidate = candidate.plus(1);
        }
        throw new NetworkConflictException("network " + network.name() + " has no free address: its subnet "
                + subnet + " is full");
    }

    /** Records a lease found elsewhere (a container's own record) after a crash lost it here. */
    synchronized void restore(Ipv4 address, String containerId) {
        String holder = byAddress.get(address.toString());
        if (holder == null) {
            byAddress.put(address.toString(), containerId);
            save();
        }
    }

    synchronized void release(String containerId) {
        if (byAddress.values().removeIf(containerId::equals)) {
            save();
        }
    }

    /** Drops every lease whose container is not in {@code alive}, and returns how many went. */
    synchronized int retainOnly(java.util.Set<String> alive) {
        int before = byAddress.size();
        byAddress.values().removeIf(holder -> !alive.contains(holder));
        int dropped = before - byAddress.size();
        if (dropped > 0) {
            save();
        }
        return dropped;
    }

    synchronized Optional<Ipv4> leaseOf(String containerId) {
        return byAddress.entrySet().stream().filter(e -> e.getValue().equals(containerId)).findFirst()
                .map(e -> Ipv4.parse(e.getKey()));
    }

    synchronized Map<String, String> leases() {
        return Map.copyOf(byAddress);
    }

    private void save() {
        persist.accept(new NetworkStore.Leases(next, byAddress));
    }
}
