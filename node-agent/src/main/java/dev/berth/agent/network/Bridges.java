package dev.berth.agent.network;

import dev.berth.agent.linux.Syscalls;
import dev.berth.agent.network.netlink.Rtnetlink;
import java.util.List;
import java.util.OptionalInt;

/** The host bridges of Berth's networks, made and checked over rtnetlink. */
final class Bridges {
    private final Syscalls sys;
    private final Sysctl sysctl;

    Bridges(Syscalls sys, Sysctl sysctl) {
        this.sys = sys;
        this.sysctl = sysctl;
    }

    /**
     * Creates the network's bridge if it is missing and gives it the gateway address; safe to repeat. The bridge gets a
     * fixed MAC: otherwise it takes the lowest of its ports' and changes as containers come and go, leaving stale ARP
     * entries behind in the containers.
     */
    void ensure(Network network) {
        try (Rtnetlink netlink = Rtnetlink.open(sys)) {
            OptionalInt existing = netlink.linkIndex(network.bridge());
            int index = existing.isPresent() ? existing.getAsInt()
                    : netlink.createBridge(network.bridge(),
                            NetworkAttachment.macBytes(NetworkAttachment.macFor(network.gateway())));
            boolean addressed = netlink.addresses().stream().anyMatch(a -> a.index() == index
                    && a.address().equals(network.gateway().inet()) && a.prefixLength() == network.subnet().prefixLength());
            if (!addressed) {
                netlink.addAddress(index, network.gateway().inet(), network.subnet().prefixLength());
            }
            netlink.setUp(index);
        }
        // Published ports are reachable on 127.0.0.1: after DNAT such packets leave through the bridge with a
        // loopback source, which the kernel drops as martian unless the bridge allows it.
        sysctl.set("ipv4/conf/" + network.bridge() + "/route_localnet", "1");
    }

    void remove(Network network) {
        try (Rtnetlink netlink = Rtnetlink.open(sys)) {
            netlink.deleteLink(network.bridge());
        }
    }

    /** The host's own IPv4 prefixes, other than on Berth's bridges: a network must not overlap any of them. */
    List<Subnet> hostPrefixes(List<String> berthBridges) {
        try (Rtnetlink netlink = Rtnetlink.open(sys)) {
            List<Integer> ours = netlink.links().stream().filter(l -> berthBridges.contains(l.name()))
                    .map(Rtnetlink.Link::index).toList();
            return netlink.addresses().stream().filter(a -> !ours.contains(a.index()))
                    .map(a -> {
                        Ipv4 address = Ipv4.parse(a.address().getHostAddress());
                        return new Subnet(new Ipv4(address.value() & Subnet.mask(a.prefixLength())), a.prefixLength());
                    }).toList();
        }
    }

    /** Removes the host end of a container's veth pair, which also takes its peer; false if it was gone already. */
    boolean deleteLink(String name) {
        try (Rtnetlink netlink = Rtnetlink.open(sys)) {
            return netlink.deleteLink(name);
        }
    }
}
