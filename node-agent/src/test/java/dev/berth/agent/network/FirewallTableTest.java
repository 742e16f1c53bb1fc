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
    void publishedPortsBecomeMapElementsInTheKernelsLayout() {
        PublishedPort any = new PublishedPort(Protocol.TCP, 80, Ipv4.ANY, 8080);
        PublishedPort local = new PublishedPort(Protocol.UDP, 53, Ipv4.parse("127.0.0.1"), 5353);
        Ipv4 container = Ipv4.parse("10.89.0.7");

        // Each field of a concatenation in a 32-bit register of its own: protocol, then the port big-endian.
        assertThat(FirewallTable.element(new FirewallTable.Forward(any, container)).key())
                .containsExactly(6, 0, 0, 0, 0x1f, 0x90, 0, 0);
        assertThat(FirewallTable.element(new FirewallTable.Forward(any, container)).data())
                .containsExactly(10, 89, 0, 7, 0, 80, 0, 0);
        assertThat(FirewallTable.key(local).key()).containsExactly(127, 0, 0, 1, 17, 0, 0, 0, 0x14, 0xe9, 0, 0);
        assertThat(FirewallTable.key(local).data()).isNull();
        assertThat(table.addNetwork(USER)).contains("add element ip berth subnets { 10.90.0.0/24 }");
        assertThat(table.removeNetwork(USER)).contains("delete element ip berth bridges { \"berth-bbbbbbbbb\" }");
    }
}
