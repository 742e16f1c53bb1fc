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

    /**
     * The mappings of one container start. {@code close} frees the host ports and removes the NAT entries;
     * {@code abandon} is for an agent that stops while the container runs on: only the agent's own sockets go, and NAT
     * entries stay, so traffic keeps flowing until the agent comes back and takes the ports again.
     */
    record Publication(List<PublishedPort> ports, Runnable onClose, Runnable onAbandon) implements AutoCloseable {
        Publication {
            ports = List.copyOf(ports);
        }

        @Override
        public void close() {
            onClose.run();
        }

        void abandon() {
            onAbandon.run();
        }
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
            Runnable release = () -> held.forEach(PortReservation::close);
            return new Publication(ports, () -> {
                try {
                    firewall.unpublish(ports);
                } catch (RuntimeException e) {
                    log.warn("removing the NAT entries of {} failed: {}", ports, e.getMessage());
                }
                release.run();
            }, release);
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
            Runnable stop = () -> proxies.forEach(UserspaceProxy::close);
            return new Publication(ports, stop, stop);
        }
    }
}
