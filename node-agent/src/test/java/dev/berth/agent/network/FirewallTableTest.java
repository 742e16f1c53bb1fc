package dev.berth.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirewallTableTest {
    private static final Network DEFAULT = new Network("a".repeat(64), "bridge", Subnet.parse("10.89.0.0/16"),
            Ipv4.parse("10.89.0.1"), "berth0", Instant.EPOCH, true);
    private static final Network USER = new Network("b".repeat(64), "app", Subnet.parse("10.90.0.0/24"),
            Ipv4.parse("10.90.0.1"), "berth-bbbbbbbbb", Instant.EPOCH, false);
    private final FirewallTable table = new FirewallTable("berth");

    @Test
    void aRebuildReplacesTheWholeTableInOneScript() {
        String script = table.rebuild(List.of(DEFAULT, USER), List.of(
                new FirewallTable.Forward(new PublishedPort(Protocol.TCP, 80, Ipv4.ANY, 8080), Ipv4.parse("10.89.0.2")),
                new FirewallTable.Forward(new PublishedPort(Protocol.UDP, 53, Ipv4.parse("127.0.0.1"), 5353),
                        Ipv4.parse("10.90.0.2"))));

        assertThat(script).startsWith("table ip berth\ndelete table ip berth\ntable ip berth {\n");
        assertThat(script).contains("set bridges { type ifname; elements = { \"berth0\", \"berth-bbbbbbbbb\" }; }");
        assertThat(script).contains("elements = { \"berth0\" . \"berth0\", \"berth-bbbbbbbbb\" . \"berth-bbbbbbbbb\" }");
        assertThat(script).contains("elements = { 10.89.0.0/16, 10.90.0.0/24 }");
        assertThat(script).contains("elements = { tcp . 8080 : 10.89.0.2 . 80 }");
        assertThat(script).contains("elements = { 127.0.0.1 . udp . 5353 : 10.90.0.2 . 53 }");
    }

    @Test
    void anEmptyTableHasItsSetsWithoutElements() {
        String script = table.rebuild(List.of(), List.of());
        assertThat(script).contains("set bridges { type ifname; }").doesNotContain("elements");
    }

    @Test
    void publishingAndUnpublishingTouchOnlyTheElements() {
        PublishedPort any = new PublishedPort(Protocol.TCP, 80, Ipv4.ANY, 8080);
        PublishedPort local = new PublishedPort(Protocol.TCP, 443, Ipv4.parse("127.0.0.1"), 8443);
        Ipv4 container = Ipv4.parse("10.89.0.7");

        assertThat(table.publish(List.of(new FirewallTable.Forward(any, container),
                new FirewallTable.Forward(local, container)))).isEqualTo("""
                add element ip berth ports_any { tcp . 8080 : 10.89.0.7 . 80 }
                add element ip berth ports_addr { 127.0.0.1 . tcp . 8443 : 10.89.0.7 . 443 }
                """);
        assertThat(table.unpublish(List.of(any, local))).isEqualTo("""
                delete element ip berth ports_any { tcp . 8080 }
                delete element ip berth ports_addr { 127.0.0.1 . tcp . 8443 }
                """);
        assertThat(table.addNetwork(USER)).contains("add element ip berth subnets { 10.90.0.0/24 }");
        assertThat(table.removeNetwork(USER)).contains("delete element ip berth bridges { \"berth-bbbbbbbbb\" }");
    }
}
