package dev.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.cli.api.PortSpec;
import dev.berth.cli.args.UsageException;
import org.junit.jupiter.api.Test;

/** Docker's {@code -p [hostIp:][hostPort:]containerPort[/tcp|udp]}, and the errors for what does not fit it. */
class PublishSpecTest {

    private static final String FORM = "expected [hostIp:][hostPort:]containerPort[/tcp|udp]";

    @Test
    void aContainerPortAloneGetsAFreePortOnEveryAddress() {
        assertThat(PublishSpec.parse("80")).isEqualTo(new PortSpec(null, null, 80, "tcp"));
    }

    @Test
    void hostPortThenContainerPort() {
        assertThat(PublishSpec.parse("8080:80")).isEqualTo(new PortSpec(null, 8080, 80, "tcp"));
        assertThat(PublishSpec.parse(":80")).isEqualTo(new PortSpec(null, null, 80, "tcp"));
        assertThat(PublishSpec.parse("0:80")).isEqualTo(new PortSpec(null, 0, 80, "tcp"));
    }

    @Test
    void anAddressWithOrWithoutAHostPort() {
        assertThat(PublishSpec.parse("127.0.0.1:8080:80/udp")).isEqualTo(new PortSpec("127.0.0.1", 8080, 80, "udp"));
        assertThat(PublishSpec.parse("127.0.0.1::80")).isEqualTo(new PortSpec("127.0.0.1", null, 80, "tcp"));
        assertThat(PublishSpec.parse("0.0.0.0:53:53/udp")).isEqualTo(new PortSpec("0.0.0.0", 53, 53, "udp"));
    }

    @Test
    void anIpv6AddressGoesInBracketsAndIsSentWithout() {
        assertThat(PublishSpec.parse("[::1]:8080:80")).isEqualTo(new PortSpec("::1", 8080, 80, "tcp"));
        assertThat(PublishSpec.parse("[::]::80/tcp")).isEqualTo(new PortSpec("::", null, 80, "tcp"));
    }

    @Test
    void theProtocolIsTcpOrUdpInAnyCase() {
        assertThat(PublishSpec.parse("80/TCP").protocol()).isEqualTo("tcp");
        assertThat(PublishSpec.parse("80/Udp").protocol()).isEqualTo("udp");
        assertThat(PublishSpec.parse("65535:1").containerPort()).isEqualTo(1);
        assertThat(PublishSpec.parse("00080").containerPort()).isEqualTo(80);
    }

    @Test
    void malformedValuesNameTheValueAndTheExpectedForm() {
        for (String value : new String[] {"80:abc", "", "80:", "abc", "http", "8080:80:", "1.2.3.4:", "+80",
                "80 "}) {
            assertThatThrownBy(() -> PublishSpec.parse(value)).as(value)
                    .isInstanceOf(UsageException.class)
                    .hasMessage("invalid publish spec \"" + value + "\": " + FORM);
        }
    }

    @Test
    void portsOutOfRangeAreRefused() {
        assertRefused("0", "container port 0 is out of range 1-65535");
        assertRefused("8080:0", "container port 0 is out of range 1-65535");
        assertRefused("65536", "container port 65536 is out of range 1-65535");
        assertRefused("99999999999999999999", "container port 99999999999999999999 is out of range 1-65535");
        assertRefused("70000:80", "host port 70000 is out of range 0-65535");
    }

    @Test
    void otherProtocolsAddressesAndRangesAreRefused() {
        assertRefused("80/sctp", "protocol \"sctp\" is not tcp or udp");
        assertRefused("80/", "protocol \"\" is not tcp or udp");
        assertRefused("80/tcp/udp", "protocol \"tcp/udp\" is not tcp or udp");
        assertRefused("localhost:8080:80", "\"localhost\" is not an IP address (an IPv6 address goes in brackets)");
        assertRefused("256.0.0.1:8080:80", "\"256.0.0.1\" is not an IP address (an IPv6 address goes in brackets)");
        assertRefused("127.1:8080:80", "\"127.1\" is not an IP address (an IPv6 address goes in brackets)");
        assertRefused("8080::80", "\"8080\" is not an IP address (an IPv6 address goes in brackets)");
        assertRefused("::1:8080:80", "\"::1\" is not an IP address (an IPv6 address goes in brackets)");
        assertRefused("[zz::1]:8080:80", "\"[zz::1]\" is not an IP address (an IPv6 address goes in brackets)");
        assertRefused("[example.com]:8080:80",
                "\"[example.com]\" is not an IP address (an IPv6 address goes in brackets)");
        assertRefused("8000-8010:80", "port ranges are not supported");
    }

    private static void assertRefused(String value, String why) {
        assertThatThrownBy(() -> PublishSpec.parse(value)).as(value)
                .isInstanceOf(UsageException.class)
                .hasMessage("invalid publish spec \"" + value + "\": " + why);
    }
}
