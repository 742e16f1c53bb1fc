package dev.berth.agent.network;

import dev.berth.agent.network.netlink.Nftnetlink;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The nft scripts of Berth's own table, {@code ip berth}. Berth touches no other table, so it neither breaks nor needs
 * anybody else's rules (Docker's included).
 *
 * <ul>
 *   <li>{@code published}: DNAT of published ports, for traffic to any local address, arriving (prerouting) or made
 *       on the host (output). Two maps, one for ports published on one address and one for all addresses.</li>
 *   <li>{@code postrouting}: masquerade outbound traffic of containers, hairpin traffic (a container reaching a
 *       published port) and traffic to published ports from 127.0.0.1.</li>
 *   <li>{@code forward}: containers on one network talk freely; across networks they cannot, unless through a
 *       published port; nothing from outside reaches a container that it did not publish.</li>
 * </ul>
 */
final class FirewallTable {
    static final String PORTS_ANY = "ports_any";
    static final String PORTS_ADDR = "ports_addr";
    private static final int IPPROTO_TCP = 6;
    private static final int IPPROTO_UDP = 17;

    private final String name;
    private final String table;

    /** {@code name}: the table's name in family ip, {@code berth} unless several agents share a host. */
    FirewallTable(String name) {
        this.name = name;
        this.table = "ip " + name;
    }

    String name() {
        return name;
    }

    /** A published port as an element of its map, in the kernel's layout. */
    static Nftnetlink.SetElement element(Forward forward) {
        PublishedPort port = forward.port();
        return new Nftnetlink.SetElement(key(port).key(), Nftnetlink.SetElement.addressPortValue(
                forward.container().inet(), port.containerPort()));
    }

    /** The key alone, which is what a delete needs. */
    static Nftnetlink.SetElement key(PublishedPort port) {
        int protocol = port.protocol() == Protocol.TCP ? IPPROTO_TCP : IPPROTO_UDP;
        return new Nftnetlink.SetElement(port.hostIp().isAny()
                ? Nftnetlink.SetElement.portKey(protocol, port.hostPort())
                : Nftnetlink.SetElement.addressPortKey(port.hostIp().inet(), protocol, port.hostPort()), null);
    }

    /** A published port and where it leads. */
    record Forward(PublishedPort port, Ipv4 container) {}

    /** Replaces the whole table in one transaction: the agent's repair at start-up. */
    String rebuild(Collection<Network> networks, Collection<Forward> forwards) {
        List<Forward> any = forwards.stream().filter(f -> f.port().hostIp().isAny()).toList();
        List<Forward> onAddress = forwards.stream().filter(f -> !f.port().hostIp().isAny()).toList();
        return """
                table %1$s
                delete table %1$s
                table %1$s {
                  set bridges { type ifname;%2$s }
                  set intra { type ifname . ifname;%3$s }
                  set subnets { type ipv4_addr; flags interval;%4$s }
                  map ports_any { type inet_proto . inet_service : ipv4_addr . inet_service;%5$s }
                  map ports_addr { type ipv4_addr . inet_proto . inet_service : ipv4_addr . inet_service;%6$s }
                  chain published {
                    dnat ip to ip daddr . meta l4proto . th dport map @ports_addr
                    dnat ip to meta l4proto . th dport map @ports_any
                  }
                  chain prerouting {
                    type nat hook prerouting priority dstnat; policy accept;
                    fib daddr type local jump published
                  }
                  chain output {
                    type nat hook output priority -100; policy accept;
                    fib daddr type local jump published
                  }
                  chain postrouting {
                    type nat hook postrouting priority srcnat; policy accept;
                    ip saddr 127.0.0.0/8 oifname @bridges masquerade
                    ct status dnat ip saddr @subnets oifname @bridges masquerade
                    ip saddr @subnets oifname != @bridges masquerade
                  }
                  chain forward {
                    type filter hook forward priority filter; policy accept;
                    ct state established,related accept
                    ct status dnat accept
                    iifname . oifname @intra accept
                    iifname @bridges oifname @bridges drop
                    oifname @bridges drop
                  }
                }
                """.formatted(table,
                elements(networks.stream().map(n -> quoted(n.bridge())).toList()),
                elements(networks.stream().map(FirewallTable::intra).toList()),
                elements(networks.stream().map(n -> n.subnet().toString()).toList()),
                elements(any.stream().map(FirewallTable::anyElement).toList()),
                elements(onAddress.stream().map(FirewallTable::addressElement).toList()));
    }

    String addNetwork(Network network) {
        return "add element %1$s bridges { %2$s }\nadd element %1$s intra { %3$s }\nadd element %1$s subnets { %4$s }\n"
                .formatted(table, quoted(network.bridge()), intra(network), network.subnet());
    }

    String removeNetwork(Network network) {
        return ("delete element %1$s bridges { %2$s }\ndelete element %1$s intra { %3$s }\n"
                + "delete element %1$s subnets { %4$s }\n")
                .formatted(table, quoted(network.bridge()), intra(network), network.subnet());
    }

    private static String anyKey(PublishedPort port) {
        return port.protocol().apiName() + " . " + port.hostPort();
    }

    private static String anyElement(Forward forward) {
        return anyKey(forward.port()) + " : " + forward.container() + " . " + forward.port().containerPort();
    }

    private static String addressElement(Forward forward) {
        return forward.port().hostIp() + " . " + anyElement(forward);
    }

    private static String intra(Network network) {
        return quoted(network.bridge()) + " . " + quoted(network.bridge());
    }

    private static String quoted(String name) {
        return "\"" + name + "\"";
    }

    private static String elements(List<String> elements) {
        return elements.isEmpty() ? "" : " elements = { " + String.join(", ", elements) + " };";
    }
}
