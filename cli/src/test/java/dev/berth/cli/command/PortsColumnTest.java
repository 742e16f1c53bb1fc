package dev.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.api.PortMapping;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PORTS cell of {@code ps}, as Docker's {@code DisplayablePorts} writes it. */
class PortsColumnTest {

    private static PortMapping tcp(String hostIp, int hostPort, int containerPort) {
        return new PortMapping("tcp", containerPort, hostIp, hostPort);
    }

    @Test
    void noPortsIsAnEmptyCell() {
        assertThat(PortsColumn.format(List.of())).isEmpty();
    }

    @Test
    void aMappingReadsHostThenContainer() {
        assertThat(PortsColumn.format(List.of(tcp("0.0.0.0", 8080, 80)))).isEqualTo("0.0.0.0:8080->80/tcp");
        assertThat(PortsColumn.format(List.of(new PortMapping(null, 80, null, 8080))))
                .isEqualTo("0.0.0.0:8080->80/tcp");
        assertThat(PortsColumn.format(List.of(tcp("::1", 8080, 80)))).isEqualTo("[::1]:8080->80/tcp");
    }

    @Test
    void samePortMappingsComeFirstAndConsecutiveOnesBecomeARangeAsInDocker() {
        List<PortMapping> ports = List.of(
                tcp("0.0.0.0", 8080, 80),
                new PortMapping("udp", 9000, "127.0.0.1", 9000),
                tcp("0.0.0.0", 8001, 8001),
                tcp("0.0.0.0", 8000, 8000),
                tcp("0.0.0.0", 8003, 8003));

        assertThat(PortsColumn.format(ports)).isEqualTo("0.0.0.0:8000-8001->8000-8001/tcp, "
                + "0.0.0.0:8003->8003/tcp, 127.0.0.1:9000->9000/udp, 0.0.0.0:8080->80/tcp");
    }

    @Test
    void mappingsToAnotherPortAreSortedByContainerPortThenAddress() {
        List<PortMapping> ports = List.of(
                tcp("127.0.0.1", 9443, 443), tcp("0.0.0.0", 9090, 90), tcp("0.0.0.0", 9443, 443));

        assertThat(PortsColumn.format(ports))
                .isEqualTo("0.0.0.0:9090->90/tcp, 0.0.0.0:9443->443/tcp, 127.0.0.1:9443->443/tcp");
    }

    @Test
    void aPortWithoutAHostPortShowsAlone() {
        assertThat(PortsColumn.format(List.of(new PortMapping("tcp", 80, null, null)))).isEqualTo("80/tcp");
    }
}
