package dev.berth.agent.network.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.it.Root;
import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.LinuxSyscalls;
import dev.berth.agent.linux.Syscalls;
import dev.berth.agent.network.netlink.Rtnetlink.Address;
import dev.berth.agent.network.netlink.Rtnetlink.Link;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against the real kernel, as root: a bridge on the host and a veth whose peer is born as {@code eth0} in
 * a fresh network namespace, configured from a socket opened inside it, the way a container's network is set up.
 * Every link is named uniquely and deleted afterwards; the namespace goes with its thread. No packet leaves the
 * bridge: nothing else is attached to it.
 */
class RtnetlinkIT {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TIMING_ROUNDS = 20;

    private final Syscalls sys = new LinuxSyscalls();
    private final String suffix = randomHex(4);
    private final String bridge = "brt" + suffix;
    private final String hostEnd = "vt" + suffix;
    private final List<String> hostLinks = new ArrayList<>();
    private Rtnetlink host;
    private ThreadNetns netns;
    private Inet4Address gateway;
    private Inet4Address address;

    @BeforeAll
    static void needsRoot() {
        Root.require();
    }

    @BeforeEach
    void open() {
        host = Rtnetlink.open(sys);
        netns = ThreadNetns.create(sys);
        int subnet = unusedSubnet();
        gateway = ipv4("10.250." + subnet + ".1");
        address = ipv4("10.250." + subnet + ".2");
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        try {
            // The host ends first: deleting one takes its peer in the namespace along.
            for (String name : hostLinks.reversed()) {
                host.deleteLink(name);
            }
        } finally {
            host.close();
            netns.close();
        }
    }

    @Test
    void aVethIsPluggedIntoABridgeAndConfiguredFromInsideTheNamespace() throws Exception {
        byte[] mac = randomMac();
        int bridgeIndex = bridgeWithGateway();

        try (Rtnetlink inside = netns.call(() -> Rtnetlink.open(sys))) {
            long start = System.nanoTime();
            plug(inside, bridgeIndex, hostEnd, mac);
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
            System.out.printf("veth + address + up + default route, first time: %d µs%n", micros);

            List<Link> onHost = host.links();
            assertThat(named(onHost, bridge)).satisfies(link -> {
                assertThat(link.index()).isEqualTo(bridgeIndex);
                assertThat(link.kind()).isEqualTo("bridge");
                assertThat(link.up()).isTrue();
            });
            assertThat(named(onHost, hostEnd)).satisfies(link -> {
                assertThat(link.kind()).isEqualTo("veth");
                assertThat(link.masterIndex()).isEqualTo(bridgeIndex);
                assertThat(link.up()).isTrue();
            });
            assertThat(onHost).noneMatch(link -> Arrays.equals(link.mac(), mac));
            assertThat(host.addresses()).contains(new Address(bridgeIndex, gateway, 24))
                    .noneMatch(a -> a.address().equals(address));

            List<Link> inNamespace = inside.links();
            assertThat(inNamespace).extracting(Link::name).containsExactlyInAnyOrder("lo", "eth0");
            Link eth0 = named(inNamespace, "eth0");
            assertThat(eth0.kind()).isEqualTo("veth");
            assertThat(eth0.mac()).isEqualTo(mac);
            assertThat(eth0.up()).isTrue();
            assertThat(eth0.masterIndex()).isZero();
            assertThat(inside.addresses()).containsExactly(new Address(eth0.index(), address, 24));

            // What ip, which parses the kernel's messages on its own, sees.
            String subnet = gateway.getHostAddress().substring(0, gateway.getHostAddress().lastIndexOf('.'));
            assertThat(run("ip", "-d", "link", "show", hostEnd)).contains("master " + bridge).contains("veth");
            assertThat(run("nsenter", "--net=" + netns.path(), "ip", "-4", "-o", "addr", "show", "dev", "eth0"))
                    .contains("inet " + address.getHostAddress() + "/24 brd " + subnet + ".255 scope global eth0");
            assertThat(run("nsenter", "--net=" + netns.path(), "ip", "link", "show", "eth0"))
                    .contains("link/ether " + HexFormat.ofDelimiter(":").formatHex(mac)).contains("state UP");
            assertThat(run("nsenter", "--net=" + netns.path(), "ip", "-4", "route", "show"))
                    .contains("default via " + gateway.getHostAddress() + " dev eth0")
                    .contains(subnet + ".0/24 dev eth0 proto kernel scope link src " + address.getHostAddress());
        }
    }

    @Test
    void anExistingNameIsRefusedWithEexistAndAMissingOneIsNoError() {
        byte[] mac = randomMac();
        hostLinks.add(bridge);
        host.createBridge(bridge, mac);

        assertThatThrownBy(() -> host.createBridge(bridge, null)).isInstanceOf(NetlinkException.class)
                .hasMessage("RTM_NEWLINK bridge " + bridge + ": EEXIST (File exists)")
                .extracting(e -> ((NetlinkException) e).errno()).isEqualTo(Errno.EEXIST);
        assertThat(named(host.links(), bridge).mac()).isEqualTo(mac);
        assertThat(host.deleteLink("nx" + suffix)).isFalse();
        assertThat(host.linkIndex("nx" + suffix)).isEmpty();
        assertThat(host.deleteLink(bridge)).isTrue();
        assertThat(host.linkIndex(bridge)).isEmpty();
    }

    @Test
    void aVethWhosePeerNameIsTakenIsRefusedWhole() {
        hostLinks.add(bridge);
        int bridgeIndex = host.createBridge(bridge, null);
        hostLinks.add(hostEnd);
        host.createVeth(hostEnd, bridgeIndex, "eth0", randomMac(), netns.fd());
        String second = hostEnd + "b";
        hostLinks.add(second);

        assertThatThrownBy(() -> host.createVeth(second, bridgeIndex, "eth0", randomMac(), netns.fd()))
                .isInstanceOf(NetlinkException.class)
                .hasMessage("RTM_NEWLINK veth " + second + " (peer eth0, master " + bridgeIndex
                        + "): EEXIST (File exists)");
        assertThat(host.linkIndex(second)).isEmpty();
    }

    @Test
    void setupTimeOverManyContainers() throws Exception {
        int bridgeIndex = bridgeWithGateway();
        long[] micros = new long[TIMING_ROUNDS];

        try (Rtnetlink inside = netns.call(() -> Rtnetlink.open(sys))) {
            for (int round = 0; round < TIMING_ROUNDS; round++) {
                String name = hostEnd + "-" + round;
                hostLinks.add(name);
                long start = System.nanoTime();
                plug(inside, bridgeIndex, name, randomMac());
                micros[round] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
                // Deleting the host end frees eth0 and its address and route for the next round.
                assertThat(host.deleteLink(name)).isTrue();
            }
            assertThat(inside.links()).extracting(Link::name).containsExactly("lo");
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        System.out.printf("veth + address + up + default route, %d rounds: first %d µs, median %d µs, min %d µs,"
                + " max %d µs%n", TIMING_ROUNDS, micros[0], sorted[TIMING_ROUNDS / 2], sorted[0],
                sorted[TIMING_ROUNDS - 1]);
    }

    /** What the agent does for one container: the veth, then eth0's address, link and route from inside. */
    private void plug(Rtnetlink inside, int bridgeIndex, String name, byte[] mac) {
        host.createVeth(name, bridgeIndex, "eth0", mac, netns.fd());
        int eth0 = inside.linkIndex("eth0").orElseThrow();
        inside.addAddress(eth0, address, 24);
        inside.setUp(eth0);
        inside.addDefaultRoute(gateway);
    }

    private int bridgeWithGateway() {
        hostLinks.add(bridge);
        hostLinks.add(hostEnd);
        int index = host.createBridge(bridge, null);
        host.addAddress(index, gateway, 24);
        host.setUp(index);
        return index;
    }

    /** A 10.250.x.0/24 that no address of the host is in, so that the bridge's route shadows nothing. */
    private int unusedSubnet() {
        Set<String> used = host.addresses().stream().map(a -> a.address().getHostAddress())
                .filter(a -> a.startsWith("10.250.")).map(a -> a.split("\\.")[2]).collect(Collectors.toSet());
        for (int attempt = 0; attempt < 100; attempt++) {
            int subnet = 1 + RANDOM.nextInt(254);
            if (!used.contains(String.valueOf(subnet))) {
                return subnet;
            }
        }
        throw new IllegalStateException("every 10.250.x.0/24 tried is in use on this host: " + used);
    }

    private static Link named(List<Link> links, String name) {
        return links.stream().filter(link -> link.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no link " + name + " among " + links));
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static Inet4Address ipv4(String literal) {
        try {
            return (Inet4Address) InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A locally administered unicast MAC. */
    private static byte[] randomMac() {
        byte[] mac = new byte[6];
        RANDOM.nextBytes(mac);
        mac[0] = (byte) ((mac[0] & 0xfc) | 0x02);
        return mac;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }
}
