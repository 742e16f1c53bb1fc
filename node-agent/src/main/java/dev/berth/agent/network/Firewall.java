package dev.berth.agent.network;

import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;
import dev.berth.agent.network.netlink.Nftnetlink;
import java.util.Collection;
import java.util.List;

/** Berth's packet filtering and NAT. {@link #NONE} stands in on a host without nftables. */
interface Firewall {

    /** Whether the kernel does the NAT, so published ports need no proxy. */
    boolean available();

    /** Replaces everything with exactly this: the repair after a restart. */
    void rebuild(Collection<Network> networks, Collection<FirewallTable.Forward> forwards);

    void addNetwork(Network network);

    void removeNetwork(Network network);

    void publish(Collection<FirewallTable.Forward> forwards);

    void unpublish(Collection<PublishedPort> ports);

    /**
     * The table through Debian's nft, whole, at start-up and for networks; the ports of each container start and stop
     * straight over netlink, as map elements: about 10 µs, where a spawned nft takes 5 ms.
     */
    static Firewall nftables(Nftables nft, FirewallTable table, Syscalls sys) {
        return new Firewall() {
            @Override
            public boolean available() {
                return true;
            }

            @Override
            public void rebuild(Collection<Network> networks, Collection<FirewallTable.Forward> forwards) {
                nft.apply(table.rebuild(networks, forwards));
            }

            @Override
            public void addNetwork(Network network) {
                nft.apply(table.addNetwork(network));
            }

            @Override
            public void removeNetwork(Network network) {
                nft.apply(table.removeNetwork(network));
            }

            @Override
            public void publish(Collection<FirewallTable.Forward> forwards) {
                try (Nftnetlink netlink = Nftnetlink.open(sys)) {
                    netlink.addElements(table.name(), FirewallTable.PORTS_ANY, forwards.stream()
                            .filter(f -> f.port().hostIp().isAny()).map(FirewallTable::element).toList());
                    netlink.addElements(table.name(), FirewallTable.PORTS_ADDR, forwards.stream()
                            .filter(f -> !f.port().hostIp().isAny()).map(FirewallTable::element).toList());
                }
            }

            /** One element at a time, so that one already gone (a table rebuilt meanwhile) does not keep the rest. */
            @Override
            public void unpublish(Collection<PublishedPort> ports) {
                try (Nftnetlink netlink = Nftnetlink.open(sys)) {
                    for (PublishedPort port : ports) {
                        try {
                            netlink.deleteElements(table.name(), port.hostIp().isAny() ? FirewallTable.PORTS_ANY
                                    : FirewallTable.PORTS_ADDR, List.of(FirewallTable.key(port)));
                        } catch (SyscallException e) {
                            if (e.errno() != Errno.ENOENT) {
                                throw e;
                            }
                        }
                    }
                }
            }
        };
    }

    /**
     * Without nftables the default network still works (containers reach the host and each other, ports go through
     * the userspace proxy) but there is no masquerading, and no isolation to keep user networks apart: those are
     * refused.
     */
    Firewall NONE = new Firewall() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public void rebuild(Collection<Network> networks, Collection<FirewallTable.Forward> forwards) {}

        @Override
        public void addNetwork(Network network) {
            throw new NetworkException("user networks need nftables to keep them apart, and nft is not installed; "
                    + "install Debian's nftables package (deploy/up.sh does)");
        }

        @Override
        public void removeNetwork(Network network) {}

        @Override
        public void publish(Collection<FirewallTable.Forward> forwards) {
            throw new IllegalStateException("no kernel NAT without nftables");
        }

        @Override
        public void unpublish(Collection<PublishedPort> ports) {}
    };
}
