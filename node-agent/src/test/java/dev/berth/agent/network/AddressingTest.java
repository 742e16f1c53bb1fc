package dev.berth.agent.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressingTest {

    @Test
    void addressesParseStrictlyAndPrintBack() {
        assertThat(Ipv4.parse("10.89.0.1").value()).isEqualTo(0x0a590001);
        assertThat(Ipv4.parse("255.255.255.255").toString()).isEqualTo("255.255.255.255");
        assertThat(Ipv4.parse("0.0.0.0").isAny()).isTrue();
        for (String bad : new String[] {"10.1", "10.0.0.256", "a.b.c.d", "10..0.1", "1.2.3.4.5", " 1.2.3.4", "-1.0.0.0"}) {
            assertThatThrownBy(() -> Ipv4.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not an IPv4 address");
        }
    }

    @Test
    void subnetsKnowTheirHostsAndOverlaps() {
        Subnet subnet = Subnet.parse("10.89.0.0/16");
        assertThat(subnet.firstHost()).isEqualTo(Ipv4.parse("10.89.0.1"));
        assertThat(subnet.broadcast()).isEqualTo(Ipv4.parse("10.89.255.255"));
        assertThat(subnet.size()).isEqualTo(65536);
        assertThat(subnet.isHost(Ipv4.parse("10.89.3.4"))).isTrue();
        assertThat(subnet.isHost(Ipv4.parse("10.89.0.0"))).isFalse();
        assertThat(subnet.isHost(Ipv4.parse("10.89.255.255"))).isFalse();
        assertThat(subnet.contains(Ipv4.parse("10.90.0.1"))).isFalse();
        assertThat(subnet.overlaps(Subnet.parse("10.89.7.0/24"))).isTrue();
        assertThat(Subnet.parse("10.0.0.0/8").overlaps(subnet)).isTrue();
        assertThat(subnet.overlaps(Subnet.parse("10.90.0.0/16"))).isFalse();
        assertThat(Subnet.parse("0.0.0.0/0").contains(Ipv4.parse("1.2.3.4"))).isTrue();
    }

    @Test
    void malformedSubnetsSayWhatIsWrong() {
        assertThatThrownBy(() -> Subnet.parse("10.89.0.1/16")).hasMessageContaining("host bits set; did you mean "
                + "10.89.0.0/16?");
        assertThatThrownBy(() -> Subnet.parse("10.89.0.0")).hasMessageContaining("not in CIDR form");
        assertThatThrownBy(() -> Subnet.parse("10.89.0.0/33")).hasMessageContaining("prefix length 33");
        assertThatThrownBy(() -> Subnet.parse("10.89.0.0/x")).hasMessageContaining("no valid prefix length");
    }

    @Test
    void macsFollowTheAddress() {
        assertThat(NetworkAttachment.macFor(Ipv4.parse("10.89.0.2"))).isEqualTo("02:b7:0a:59:00:02");
        assertThat(NetworkAttachment.macBytes("02:b7:0a:59:00:ff")).containsExactly(0x02, 0xb7, 0x0a, 0x59, 0x00,
                0xff);
        assertThat(NetworkAttachment.hostInterface("0123456789abcdef")).isEqualTo("veth0123456789").hasSize(14);
    }

    @Test
    void portsAreCheckedAndPrintedAsDockerDoes() {
        assertThat(new PortBinding(Ipv4.ANY, 8080, 80, Protocol.TCP)).hasToString("0.0.0.0:8080->80/tcp");
        assertThat(Protocol.parse("UDP")).isEqualTo(Protocol.UDP);
        assertThatThrownBy(() -> new PortBinding(Ipv4.ANY, 0, 0, Protocol.TCP)).hasMessageContaining(
                "container port 0 is not 1-65535");
        assertThatThrownBy(() -> new PortBinding(Ipv4.ANY, 70000, 80, Protocol.TCP)).hasMessageContaining(
                "host port 70000");
        assertThatThrownBy(() -> Protocol.parse("sctp")).hasMessageContaining("'sctp' is not tcp or udp");
    }
}
