package dev.berth.agent.network;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's bridge networks: the default one, {@code bridge} on {@code berth0}, and those users create. Each has a
 * host bridge, a subnet and an {@link AddressPool}. Every change is on disk, on the bridge and in the firewall
 * before it returns.
 */
public final class Networks {
    private static final Logger log = LoggerFactory.getLogger(Networks.class);
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}");
    private static final int USER_PREFIX = 24;
    public static final String DEFAULT = "bridge";

    private final NetworkStore store;
    private final Bridges bridges;
    private final Firewall firewall;
    private final Subnet defaultSubnet;
    private final String defaultBridge;
    private final Subnet pool;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Network> byId = new LinkedHashMap<>();
    private final Map<String, AddressPool> pools = new LinkedHashMap<>();

    Networks(NetworkStore store, Bridges bridges, Firewall firewall, Subnet defaultSubnet, String defaultBridge,
             Subnet pool, Clock clock) {
        this.store = store;
        this.bridges = bridges;
        this.firewall = firewall;
        this.defaultSubnet = defaultSubnet;
        this.defaultBridge = defaultBridge;
        this.pool = pool;
        this.clock = clock;
    }

    /** Loads the networks on disk, creates the default one the first time, and makes sure every bridge exists. */
    synchronized void load() {
        for (Network network : store.loadAll()) {
            register(network);
        }
        if (byName(DEFAULT).isEmpty()) {
            checkFree(defaultSubnet, "the default network's subnet (berth.agent.network.default-subnet)");
            Network network = new Network(newId(), DEFAULT, defaultSubnet, defaultSubnet.firstHost(), defaultBridge,
                    clock.instant(), true);
            store.save(network);
            register(network);
        }
        for (Network network : byId.values()) {
            bridges.ensure(network);
        }
    }

    private void register(Network network) {
        byId.put(network.id(), network);
        pools.put(network.id(), new AddressPool(network, store.leases(network.id()),
                leases -> store.saveLeases(network.id(), leases)));
    }

    public synchronized Network create(String name, @Nullable String subnetText, @Nullable String gatewayText) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidNetworkSpecException("name", "invalid network name '" + name
                    + "': use up to 64 of [a-zA-Z0-9_.-], starting with a letter or digit");
        }
        if (name.equals(NetworkAttachment.NONE) || name.equals(NetworkAttachment.HOST) || byName(name).isPresent()) {
            throw new NetworkConflictException("network with name " + name + " already exists");
        }
        Subnet subnet = subnetText == null || subnetText.isBlank() ? nextFreeSubnet() : parseSubnet(subnetText);
        Ipv4 gateway = gatewayText == null || gatewayText.isBlank() ? subnet.firstHost() : parseGateway(gatewayText,
                subnet);
        if (subnetText != null && !subnetText.isBlank()) {
            checkFree(subnet, "subnet " + subnet);
        }
        String id = newId();
        Network network = new Network(id, name, subnet, gateway, "berth-" + id.substring(0, 9), clock.instant(), false);
        bridges.ensure(network);
        try {
            firewall.addNetwork(network);
            store.save(network);
        } catch (RuntimeException e) {
            bridges.remove(network);
            throw e;
        }
        register(network);
        return network;
    }

    private static Subnet parseSubnet(String text) {
        Subnet subnet;
        try {
            subnet = Subnet.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidNetworkSpecException("subnet", "invalid subnet: " + e.getMessage());
        }
        if (subnet.prefixLength() > Subnet.LONGEST_PREFIX || subnet.prefixLength() < 8) {
            throw new InvalidNetworkSpecException("subnet", "subnet " + subnet + " must be between /8 and /"
                    + Subnet.LONGEST_PREFIX);
        }
        return subnet;
    }

    private static Ipv4 parseGateway(String text, Subnet subnet) {
        Ipv4 gateway;
        try {
            gateway = Ipv4.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidNetworkSpecException("gateway", "invalid gateway: " + e.getMessage());
        }
        if (!subnet.isHost(gateway)) {
            throw new InvalidNetworkSpecException("gateway", "gateway " + gateway + " is not a host address of "
                    + subnet);
        }
        return gateway;
    }

    /** The first /24 of the pool that overlaps neither another network nor any address of the host. */
    private Subnet nextFreeSubnet() {
        List<Subnet> taken = taken();
        for (long offset = 0; offset < pool.size(); offset += 1L << (32 - USER_PREFIX)) {
            Subnet candidate = new Subnet(pool.base().plus((int) offset), USER_PREFIX);
            if (taken.stream().noneMatch(candidate::overlaps)) {
                return candidate;
            }
        }
        throw new NetworkConflictException("no free /" + USER_PREFIX + " left in the pool " + pool
                + " (berth.agent.network.pool); give --subnet or remove unused networks");
    }

    private void checkFree(Subnet subnet, String what) {
        for (Network network : byId.values()) {
            if (network.subnet().overlaps(subnet)) {
                throw new NetworkConflictException(what + " overlaps network " + network.name() + " ("
                        + network.subnet() + ")");
            }
        }
        for (Subnet host : bridges.hostPrefixes(bridgeNames())) {
            if (host.overlaps(subnet)) {
                throw new NetworkConflictException(what + " overlaps " + host + ", an address of this host");
            }
        }
    }

    private List<Subnet> taken() {
        List<Subnet> taken = new ArrayList<>(byId.values().stream().map(Network::subnet).toList());
        taken.addAll(bridges.hostPrefixes(bridgeNames()));
        return taken;
    }

    /** Berth's bridges; the default one even before its network exists, as an earlier install may have left it. */
    private List<String> bridgeNames() {
        List<String> names = new ArrayList<>(byId.values().stream().map(Network::bridge).toList());
        names.add(defaultBridge);
        return names;
    }

    /**
     * Removes a user network. {@code attached} tells whether any container, running or not, holds an address on it:
     * such a network stays, as under Docker.
     */
    public synchronized Network remove(String reference, Predicate<Network> attached) {
        Network network = find(reference);
        if (network.builtin()) {
            throw new NetworkConflictException(network.name() + " is a pre-defined network and cannot be removed");
        }
        if (attached.test(network) || !pools.get(network.id()).leases().isEmpty()) {
            throw new NetworkConflictException("network " + network.name() + " has containers attached; remove "
                    + "them first");
        }
        firewall.removeNetwork(network);
        bridges.remove(network);
        store.delete(network);
        byId.remove(network.id());
        pools.remove(network.id());
        return network;
    }

    /** By name, full id or unique id prefix. */
    public synchronized Network find(String reference) {
        Optional<Network> named = byName(reference);
        if (named.isPresent()) {
            return named.get();
        }
        Network byFullId = byId.get(reference);
        if (byFullId != null) {
            return byFullId;
        }
        List<Network> prefixed = reference.matches("[0-9a-f]{1,63}")
                ? byId.values().stream().filter(n -> n.id().startsWith(reference)).toList() : List.of();
        if (prefixed.size() == 1) {
            return prefixed.getFirst();
        }
        if (prefixed.size() > 1) {
            throw new InvalidNetworkSpecException("network", "network id prefix " + reference
                    + " is ambiguous; give more digits");
        }
        throw new NoSuchNetworkException(reference);
    }

    public synchronized Optional<Network> byName(String name) {
        return byId.values().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public synchronized Optional<Network> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Oldest first. */
    public synchronized List<Network> all() {
        return byId.values().stream().sorted(Comparator.comparing(Network::created)).toList();
    }

    synchronized Ipv4 lease(Network network, String containerId) {
        return pool(network).lease(containerId);
    }

    synchronized void release(String networkId, String containerId) {
        AddressPool pool = pools.get(networkId);
        if (pool != null) {
            pool.release(containerId);
        }
    }

    /**
     * Makes the leases agree with the containers after a restart: those of containers that are gone are dropped (a
     * crash between removing a container and releasing its address), those the containers hold are recorded.
     */
    synchronized void reconcile(Map<String, NetworkAttachment> attachments) {
        for (Map.Entry<String, AddressPool> entry : pools.entrySet()) {
            int dropped = entry.getValue().retainOnly(Set.copyOf(attachments.keySet()));
            if (dropped > 0) {
                log.info("released {} leases of removed containers on network {}", dropped,
                        byId.get(entry.getKey()).name());
            }
        }
        attachments.forEach((containerId, attachment) -> {
            AddressPool pool = attachment.networkId() == null ? null : pools.get(attachment.networkId());
            if (pool != null && attachment.address() != null) {
                pool.restore(attachment.address(), containerId);
            }
        });
    }

    synchronized Map<String, String> leases(String networkId) {
        AddressPool pool = pools.get(networkId);
        return pool == null ? Map.of() : pool.leases();
    }

    private AddressPool pool(Network network) {
        AddressPool pool = pools.get(network.id());
        if (pool == null) {
            throw new NoSuchNetworkException(network.name());
        }
        return pool;
    }

    private String newId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
