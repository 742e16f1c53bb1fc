package dev.berth.agent.network;

import java.util.Collection;

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

    /** Through Debian's nft. */
    static Firewall nftables(Nftables nft, FirewallTable table) {
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
                if (!forwards.isEmpty()) {
                    nft.apply(table.publish(forwards));
                }
            }

            @Override
            public void unpublish(Collection<PublishedPort> ports) {
                if (!ports.isEmpty()) {
                    nft.apply(table.unpublish(ports));
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
