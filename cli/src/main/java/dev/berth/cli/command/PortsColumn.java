package dev.berth.cli.command;

import dev.berth.cli.api.PortMapping;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code PORTS} cell of {@code ps}, worded as Docker's {@code DisplayablePorts} words it, so that scripts that
 * read Docker's table read Berth's: sorted by container port, ports published on the same number gathered into ranges
 * ({@code 0.0.0.0:8000-8001->8000-8001/tcp}) and listed first, then the mappings to another number
 * ({@code 0.0.0.0:8080->80/tcp}), all joined by {@code ", "}.
 */
final class PortsColumn {

    /** Docker's order, before grouping: container port, host address, host port, protocol. */
    private static final Comparator<PortMapping> ORDER = Comparator.comparingInt(PortMapping::containerPort)
            .thenComparing(PortsColumn::hostIp)
            .thenComparingInt(PortsColumn::hostPort)
            .thenComparing(PortMapping::protocolOrTcp);

    private PortsColumn() {
    }

    static String format(List<PortMapping> ports) {
        Map<String, int[]> ranges = new LinkedHashMap<>();
        List<String> gathered = new ArrayList<>();
        List<String> hostMappings = new ArrayList<>();
        for (PortMapping port : ports.stream().sorted(ORDER).toList()) {
            int current = port.containerPort();
            String key = port.protocolOrTcp();
            if (port.isPublished()) {
                if (port.hostPort() != current) {
                    hostMappings.add(port.hostAddress() + "->" + port.privatePort());
                    continue;
                }
                key = port.hostIpOrAll() + "/" + key;
            }
            int[] range = ranges.get(key);
            if (range == null) {
                ranges.put(key, new int[] {current, current});
            } else if (current == range[1] + 1) {
                range[1] = current;
            } else {
                gathered.add(range(key, range));
                ranges.put(key, new int[] {current, current});
            }
        }
        ranges.forEach((key, range) -> gathered.add(range(key, range)));
        gathered.addAll(hostMappings);
        return String.join(", ", gathered);
    }

    /** {@code 80-81/tcp} for ports only exposed, {@code 0.0.0.0:80-81->80-81/tcp} for ports published as such. */
    private static String range(String key, int[] range) {
        int slash = key.lastIndexOf('/');
        String ports = range[0] == range[1] ? Integer.toString(range[0]) : range[0] + "-" + range[1];
        String protocol = key.substring(slash + 1);
        if (slash < 0) {
            return ports + "/" + protocol;
        }
        return PortMapping.joinHostPort(key.substring(0, slash), ports) + "->" + ports + "/" + protocol;
    }

    /** An unpublished port sorts with Docker's empty address, before every published one. */
    private static String hostIp(PortMapping port) {
        return port.isPublished() ? port.hostIpOrAll() : "";
    }

    private static int hostPort(PortMapping port) {
        return port.hostPort() == null ? 0 : port.hostPort();
    }
}
