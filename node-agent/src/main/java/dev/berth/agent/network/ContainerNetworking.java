package dev.berth.agent.network;

import dev.berth.agent.launch.NetworkSetup;
import dev.berth.agent.linux.Syscalls;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the container runtime asks of networking, step by step: an address at create, an {@code eth0} and published
 * ports at start, their removal at exit, the address back at remove, and the repair of it all after an agent restart.
 */
public final class ContainerNetworking implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ContainerNetworking.class);

    private final Syscalls sys;
    private final Networks networks;
    private final Bridges bridges;
    private final Firewall firewall;
    private final PortPublisher publisher;
    private final boolean allowHost;
    private final Path sysClassNet;
    private final Map<String, PortPublisher.Publication> publications = new ConcurrentHashMap<>();

    /**
     * The node's network settings.
     *
     * @param defaultBridge the default network's bridge; its name, and every other bridge's, starts with berth
     * @param table the name of Berth's nftables table (family ip)
     * @param portDriver {@code auto} (nftables if installed), {@code nftables} or {@code userspace-proxy}
     * @param allowHost whether {@code --network host} is allowed at all
     * @param procSysNet {@code /proc/sys/net}
     * @param sysClassNet {@code /sys/class/net}
     */
    public record Settings(Subnet defaultSubnet, String defaultBridge, Subnet pool, String table, String portDriver,
                           boolean allowHost, Path stateDir, Path procSysNet, Path sysClassNet) {}

    private ContainerNetworking(Syscalls sys, Networks networks, Bridges bridges, Firewall firewall,
                                PortPublisher publisher, boolean allowHost, Path sysClassNet) {
        this.sys = sys;
        this.networks = networks;
        this.bridges = bridges;
        this.firewall = firewall;
        this.publisher = publisher;
        this.allowHost = allowHost;
        this.sysClassNet = sysClassNet;
    }

    /** Loads the networks and brings their bridges up; call {@link #recover} once the containers are known. */
    public static ContainerNetworking start(Syscalls sys, JsonMapper json, Settings settings, Clock clock) {
        Sysctl sysctl = new Sysctl(settings.procSysNet());
        Optional<Nftables> nft = Nftables.find();
        Firewall firewall = nft.map(n -> Firewall.nftables(n, new FirewallTable(settings.table()), sys))
                .orElse(Firewall.NONE);
        PortPublisher publisher = switch (settings.portDriver()) {
            case "userspace-proxy" -> new PortPublisher.Proxy();
            case "nftables" -> {
                if (!firewall.available()) {
                    throw new NetworkException("berth.agent.network.port-driver is nftables, but nft is not "
                            + "installed; install Debian's nftables package or use auto");
                }
                yield new PortPublisher.Nat(firewall);
            }
            case "auto" -> firewall.available() ? new PortPublisher.Nat(firewall) : new PortPublisher.Proxy();
            default -> throw new NetworkException("berth.agent.network.port-driver must be auto, nftables or "
                    + "userspace-proxy, not " + settings.portDriver());
        };
        if (!firewall.available()) {
            log.warn("nft is not installed: no outbound masquerading, no user networks, ports through a proxy");
        }
        // Containers reach other networks and the outside through the host's routing.
        sysctl.set("ipv4/ip_forward", "1");
        Bridges bridges = new Bridges(sys, sysctl);
        Networks networks = new Networks(new NetworkStore(settings.stateDir(), json), bridges, firewall,
                settings.defaultSubnet(), settings.defaultBridge(), settings.pool(), clock);
        networks.load();
        ForwardRules.ensure();
        return new ContainerNetworking(sys, networks, bridges, firewall, publisher, settings.allowHost(),
                settings.sysClassNet());
    }

    public Networks networks() {
        return networks;
    }

    public String portDriver() {
        return publisher.driver();
    }

    // --- create and remove ------------------------------------------------------------------------------------

    /**
     * Resolves the network a container asks for and leases its address. A host port asked for is tried at once, so
     * that a taken one fails the create, not a later start. Nothing is kept if this throws.
     */
    public NetworkAttachment attach(String containerId, String requested, List<PortBinding> ports) {
        String mode = requested.isEmpty() ? Networks.DEFAULT : requested;
        if (mode.equals(NetworkAttachment.NONE) || mode.equals(NetworkAttachment.HOST)) {
            if (!ports.isEmpty()) {
                throw new InvalidNetworkSpecException("ports", "ports cannot be published with --network " + mode
                        + (mode.equals(NetworkAttachment.HOST) ? ": the container uses the host's ports directly"
                        : ": the container has no network"));
            }
            if (mode.equals(NetworkAttachment.HOST) && !allowHost) {
                throw new InvalidNetworkSpecException("network", "--network host is not allowed on this node: it "
                        + "would share the host's network with the container (berth.agent.network.allow-host)");
            }
            return mode.equals(NetworkAttachment.NONE) ? NetworkAttachment.none() : NetworkAttachment.host();
        }
        Network network = networks.find(mode);
        checkPorts(ports);
        Ipv4 address = networks.lease(network, containerId);
        return new NetworkAttachment(NetworkAttachment.BRIDGE, network.id(), network.name(), network.bridge(),
                address, network.subnet().prefixLength(), network.gateway(), NetworkAttachment.macFor(address),
                !network.builtin());
    }

    private static void checkPorts(List<PortBinding> ports) {
        List<PortBinding> checked = new ArrayList<>();
        for (PortBinding port : ports) {
            if (port.hostPort() == 0) {
                continue;
            }
            boolean twice = checked.stream().anyMatch(other -> other.protocol() == port.protocol()
                    && other.hostPort() == port.hostPort()
                    && (other.hostIp().equals(port.hostIp()) || other.hostIp().isAny() || port.hostIp().isAny()));
            if (twice) {
                throw new InvalidNetworkSpecException("ports", "host port " + port.hostIp() + ":" + port.hostPort()
                        + "/" + port.protocol().apiName() + " is published twice");
            }
            PortReservation.take(port.protocol(), port.hostIp(), port.hostPort()).close();
            checked.add(port);
        }
    }

    /** Gives the address back when its container is removed. */
    public void detach(String containerId, NetworkAttachment attachment) {
        if (attachment.networkId() != null) {
            networks.release(attachment.networkId(), containerId);
        }
    }

    // --- start and exit ---------------------------------------------------------------------------------------

    /** What the launcher runs to give the container its interfaces. */
    public NetworkSetup setupFor(String containerId, NetworkAttachment attachment) {
        return switch (attachment.mode()) {
            case NetworkAttachment.HOST -> NetworkSetup.HOST;
            case NetworkAttachment.NONE -> NetworkSetup.LOOPBACK_ONLY;
            default -> new VethPlumbing(sys, attachment, NetworkAttachment.hostInterface(containerId));
        };
    }

    /**
     * Publishes the container's ports for this start; a host port taken meanwhile fails it. Returns the mappings in
     * force, with the host ports the kernel picked for those asked as 0.
     */
    public List<PublishedPort> publish(String containerId, NetworkAttachment attachment, List<PortBinding> ports) {
        if (ports.isEmpty() || !attachment.bridged()) {
            return List.of();
        }
        PortPublisher.Publication publication = publisher.publish(Objects.requireNonNull(attachment.address()),
                ports);
        PortPublisher.Publication previous = publications.put(containerId, publication);
        if (previous != null) {
            previous.close();
        }
        return publication.ports();
    }

    /** Undoes {@link #publish} and removes the host end of the veth pair; safe to call more than once. */
    public void stopped(String containerId, NetworkAttachment attachment) {
        PortPublisher.Publication publication = publications.remove(containerId);
        if (publication != null) {
            publication.close();
        }
        if (attachment.bridged()) {
            try {
                bridges.deleteLink(NetworkAttachment.hostInterface(containerId));
            } catch (RuntimeException e) {
                log.warn("cannot remove the veth of container {}: {}", containerId, e.getMessage());
            }
        }
    }

    public Optional<InterfaceCounters> counters(String containerId, NetworkAttachment attachment) {
        return attachment.bridged()
                ? InterfaceCounters.ofHostEnd(sysClassNet, NetworkAttachment.hostInterface(containerId))
                : Optional.empty();
    }

    /** At agent shutdown: the containers run on, and so does their NAT; the host ports are taken again at start. */
    @Override
    public void close() {
        publications.values().forEach(PortPublisher.Publication::abandon);
        publications.clear();
    }

    // --- recovery ---------------------------------------------------------------------------------------------

    /** A container that was running when the agent restarted, with the ports it had. */
    public record Running(String containerId, NetworkAttachment attachment, List<PublishedPort> ports) {}

    /**
     * After an agent restart: leases agree with {@code attachments} (every container that exists), the firewall
     * table is rebuilt from scratch, and the running containers get their host ports back.
     */
    public void recover(Map<String, NetworkAttachment> attachments, List<Running> running) {
        networks.reconcile(attachments);
        // From scratch, then each running container's ports again: whatever the table held is replaced.
        firewall.rebuild(networks.all(), List.of());
        for (Running container : running) {
            if (container.ports().isEmpty() || !container.attachment().bridged()) {
                continue;
            }
            try {
                publish(container.containerId(), container.attachment(), container.ports().stream()
                        .map(p -> new PortBinding(p.hostIp(), p.hostPort(), p.containerPort(), p.protocol()))
                        .toList());
            } catch (RuntimeException e) {
                log.error("cannot publish the ports {} of container {} again: {}", container.ports(),
                        container.containerId(), e.getMessage());
            }
        }
        log.info("networking recovered: {} networks, {} running containers, ports through {}",
                networks.all().size(), running.size(), portDriver());
    }
}
