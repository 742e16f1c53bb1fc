package dev.berth.agent.network;

import dev.berth.agent.network.proxy.UserspaceProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes a container's ports reachable on the host, by kernel NAT or, failing that, a userspace proxy. */
abstract sealed class PortPublisher {
    private static final Logger log = LoggerFactory.getLogger(PortPublisher.class);

    /** The mappings of one container start; closing them frees the host ports and removes the NAT entries. */
    interface Publication extends AutoCloseable {
        Publication EMPTY = new Publication() {
            @Override
            public List<PublishedPort> ports() {
                return List.of();
            }

            @Override
            public void close() {}

            @Override
            public void abandon() {}
        };

        List<PublishedPort> ports();

        @Override
        void close();

        /**
         * The agent stops while the container runs on: only the agent's own sockets go. NAT entries stay, so traffic
         * keeps flowing until the agent comes back and takes the ports again.
         */
        void abandon();
    }

    /** {@code nftables} or {@code userspace-proxy}, as inspect shows it. */
    abstract String driver();

    abstract Publication publish(Ipv4 container, List<PortBinding> bindings);

    /** Kernel NAT: DNAT entries in Berth's table, and a bound socket holding each host port. */
    static final class Nat extends PortPublisher {
        private final Firewall firewall;

        Nat(Firewall firewall) {
            this.firewall = firewall;
        }

        @Override
        String driver() {
            return "nftables";
        }

        @Override
        Publication publish(Ipv4 container, List<PortBinding> bindings) {
            List<PortReservation> held = new ArrayList<>();
            List<PublishedPort> ports = new ArrayList<>();
            try {
                for (PortBinding binding : bindings) {
                    PortReservation reservation = PortReservation.take(binding.protocol(), binding.hostIp(),
                            binding.hostPort());
                    held.add(reservation);
                    ports.add(new PublishedPort(binding.protocol(), binding.containerPort(), binding.hostIp(),
                            reservation.port()));
                }
                firewall.publish(ports.stream().map(p -> new FirewallTable.Forward(p, container)).toList());
            } catch (RuntimeException e) {
                held.forEach(PortReservation::close);
                throw e;
            }
            List<PublishedPort> published = List.copyOf(ports);
            return new Publication() {
                @Override
                public List<PublishedPort> ports() {
                    return published;
                }

                @Override
                public void close() {
                    try {
                        firewall.unpublish(published);
                    } catch (RuntimeException e) {
                        log.warn("removing the NAT entries of {} failed: {}", published, e.getMessage());
                    }
                    held.forEach(PortReservation::close);
                }

                @Override
                public void abandon() {
                    held.forEach(PortReservation::close);
                }
            };
        }
    }

    /** One {@link UserspaceProxy} per port: for hosts without nftables, at about a quarter of NAT's throughput. */
    static final class Proxy extends PortPublisher {
        @Override
        String driver() {
            return "userspace-proxy";
        }

        @Override
        Publication publish(Ipv4 container, List<PortBinding> bindings) {
            List<UserspaceProxy> proxies = new ArrayList<>();
            List<PublishedPort> ports = new ArrayList<>();
            try {
                for (PortBinding binding : bindings) {
                    UserspaceProxy proxy;
                    try {
                        proxy = UserspaceProxy.start(binding.protocol() == Protocol.TCP
                                        ? UserspaceProxy.Protocol.TCP : UserspaceProxy.Protocol.UDP,
                                new InetSocketAddress(binding.hostIp().inet(), binding.hostPort()),
                                new InetSocketAddress(container.inet(), binding.containerPort()));
                    } catch (IOException e) {
                        throw PortReservation.bindFailure(e, binding.protocol(), binding.hostIp(), binding.hostPort());
                    }
                    proxies.add(proxy);
                    ports.add(new PublishedPort(binding.protocol(), binding.containerPort(), binding.hostIp(),
                            proxy.hostPort()));
                }
            } catch (RuntimeException e) {
                proxies.forEach(UserspaceProxy::close);
                throw e;
            }
            List<PublishedPort> published = List.copyOf(ports);
            return new Publication() {
                @Override
                public List<PublishedPort> ports() {
                    return published;
                }

                @Override
                public void close() {
                    proxies.forEach(UserspaceProxy::close);
                }

                @Override
                public void abandon() {
                    close();
                }
            };
        }
    }
}
