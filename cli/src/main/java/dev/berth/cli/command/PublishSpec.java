package dev.berth.cli.command;

import dev.berth.cli.api.PortSpec;
import dev.berth.cli.args.UsageException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code -p} value the way Docker does, {@code [hostIp:][hostPort:]containerPort[/tcp|udp]}: {@code 8080:80},
 * {@code 127.0.0.1:8080:80/udp}, {@code 127.0.0.1::80} (a free port on that address), {@code 80} (a free port on
 * every address), and an IPv6 host address in brackets ({@code [::1]:8080:80}). The parts are split at the last two
 * colons, as Docker splits them, so that everything before them is the address. Port ranges are not supported.
 */
final class PublishSpec {

    static final String FORM = "[hostIp:][hostPort:]containerPort[/tcp|udp]";

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])";
    /** Dotted quads only, as Go's ParseIP reads them: no {@code 127.1} or hex forms. */
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final int MAX_PORT = 65535;

    private PublishSpec() {
    }

    /** The port to publish, or a usage error that names the value and what is wrong with it. */
    static PortSpec parse(String value) {
        String ports = value;
        String protocol = "tcp";
        int slash = value.indexOf('/');
        if (slash >= 0) {
            ports = value.substring(0, slash);
            protocol = value.substring(slash + 1).toLowerCase(Locale.ROOT);
            if (!protocol.equals("tcp") && !protocol.equals("udp")) {
                throw invalid(value, "protocol \"" + value.substring(slash + 1) + "\" is not tcp or udp");
            }
        }
        int last = ports.lastIndexOf(':');
        int middle = last < 0 ? -1 : ports.lastIndexOf(':', last - 1);
        String containerPort = ports.substring(last + 1);
        String hostPort = last < 0 ? "" : ports.substring(middle + 1, last);
        String hostIp = middle < 0 ? "" : ports.substring(0, middle);
        // Right to left, so that "8080:80:" is reported as the missing container port it is, not as an address.
        int container = port(value, containerPort, "container", 1);
        Integer host = hostPort.isEmpty() ? null : port(value, hostPort, "host", 0);
        return new PortSpec(hostIp.isEmpty() ? null : address(value, hostIp), host, container, protocol);
    }

    private static String address(String value, String hostIp) {
        if (hostIp.startsWith("[") && hostIp.endsWith("]")) {
            String inside = hostIp.substring(1, hostIp.length() - 1);
            if (isIpv6(inside)) {
                return inside;
            }
        } else if (IPV4.matcher(hostIp).matches()) {
            return hostIp;
        }
        throw invalid(value, "\"" + hostIp + "\" is not an IP address (an IPv6 address goes in brackets)");
    }

    private static boolean isIpv6(String text) {
        if (!text.contains(":")) {
            return false;
        }
        try {
            // Text with a colon is only ever parsed as an IPv6 literal, never looked up: no DNS for a typo.
            InetAddress.getByName(text);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static int port(String value, String text, String which, int min) {
        if (!DIGITS.matcher(text).matches()) {
            if (text.contains("-") && !text.startsWith("-")) {
                throw invalid(value, "port ranges are not supported");
            }
            throw invalid(value, "expected " + FORM);
        }
        // Leading zeros aside, more than five digits is out of range; no need to parse a huge number.
        String digits = text.replaceFirst("^0+(?=.)", "");
        int port = digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if (port < min || port > MAX_PORT) {
            throw invalid(value, which + " port " + text + " is out of range " + (min == 0 ? "0" : "1") + "-"
                    + MAX_PORT);
        }
        return port;
    }

    private static UsageException invalid(String value, String why) {
        return new UsageException("invalid publish spec \"" + value + "\": " + why);
    }

    /** Every {@code -p} in order, or null when there is none, so that the create request leaves ports out. */
    static @Nullable List<PortSpec> parseAll(List<String> values) {
        return values.isEmpty() ? null : values.stream().map(PublishSpec::parse).toList();
    }
}
