package dev.berth.agent.network.netlink;

import static dev.berth.agent.network.netlink.RtnetlinkRequestsTest.ipv4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.it.Root;
import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.LinuxSyscalls;
import dev.berth.agent.network.netlink.Nftnetlink.SetElement;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The client against the real kernel, as root, checked by what {@code nft} lists. Each test has a scratch table of its
 * own, named uniquely, with the two maps exactly as Berth's table declares them, and deletes it afterwards. Only map
 * elements change; no packet is sent, and the table has no chains, so it affects none.
 *
 * <p>A test that waits for an answer the kernel never sends would block in recv for good; the timeout runs each test
 * in a thread of its own, so that it fails instead.
 */
@Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class NftnetlinkIT {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TIMING_ROUNDS = 50;
    private static final int SPAWN_ROUNDS = 10;
    private static final int TCP = 6;
    private static final int UDP = 17;

    private final String table = "berth_it_" + HexFormat.of().formatHex(randomBytes(4));
    private Nftnetlink nft;

    @BeforeAll
    static void needsRoot() {
        Root.require();
    }

    @BeforeEach
    void createTable() throws Exception {
        run("""
                table ip %s {
                  map ports_any { type inet_proto . inet_service : ipv4_addr . inet_service; }
                  map ports_addr { type ipv4_addr . inet_proto . inet_service : ipv4_addr . inet_service; }
                }
                """.formatted(table), "nft", "-f", "-");
        nft = Nftnetlink.open(new LinuxSyscalls());
    }

    @AfterEach
    void deleteTable() throws Exception {
        try {
            if (nft != null) {
                nft.close();
            }
        } finally {
            run("", "nft", "delete", "table", "ip", table);
        }
    }

    @Test
    void elementsAddedAndDeletedAreWhatNftLists() throws Exception {
        nft.addElements(table, "ports_any", List.of(any(TCP, 8080, "10.89.0.2", 80)));
        nft.addElements(table, "ports_addr", List.of(new SetElement(
                SetElement.addressPortKey(ipv4("127.0.0.1"), UDP, 5353),
                SetElement.addressPortValue(ipv4("10.90.0.2"), 53))));

        assertThat(elements("ports_any")).containsExactly("tcp . 8080 : 10.89.0.2 . 80");
        assertThat(elements("ports_addr")).containsExactly("127.0.0.1 . udp . 5353 : 10.90.0.2 . 53");

        nft.deleteElements(table, "ports_any", List.of(new SetElement(SetElement.portKey(TCP, 8080), null)));
        nft.deleteElements(table, "ports_addr", List.of(new SetElement(
                SetElement.addressPortKey(ipv4("127.0.0.1"), UDP, 5353), null)));

        assertThat(elements("ports_any")).isEmpty();
        assertThat(elements("ports_addr")).isEmpty();
    }

    @Test
    void aKeyTakenWithAnotherValueIsRefusedWithEexistNamingTheRequest() throws Exception {
        nft.addElements(table, "ports_any", List.of(any(TCP, 8080, "10.89.0.2", 80)));

        assertThatThrownBy(() -> nft.addElements(table, "ports_any", List.of(any(TCP, 8080, "10.89.0.3", 80))))
                .isInstanceOf(NetlinkException.class)
                .hasMessage("NFT_MSG_NEWSETELEM ip " + table + " ports_any (tcp . 8080): EEXIST (File exists)")
                .extracting(e -> ((NetlinkException) e).errno()).isEqualTo(Errno.EEXIST);
        assertThat(elements("ports_any")).containsExactly("tcp . 8080 : 10.89.0.2 . 80");
    }

    @Test
    void theSameElementAddedAgainIsNoErrorAsWithNftAddElement() throws Exception {
        nft.addElements(table, "ports_any", List.of(any(TCP, 8080, "10.89.0.2", 80)));
        nft.addElements(table, "ports_any", List.of(any(TCP, 8080, "10.89.0.2", 80)));

        assertThat(elements("ports_any")).containsExactly("tcp . 8080 : 10.89.0.2 . 80");
    }

    @Test
    void deletingAMissingElementFailsWithEnoentAndDeletesNothing() throws Exception {
        nft.addElements(table, "ports_any", List.of(any(TCP, 8080, "10.89.0.2", 80)));

        assertThatThrownBy(() -> nft.deleteElements(table, "ports_any", List.of(
                new SetElement(SetElement.portKey(TCP, 8080), null),
                new SetElement(SetElement.portKey(UDP, 8080), null))))
                .isInstanceOf(NetlinkException.class)
                .hasMessage("NFT_MSG_DELSETELEM ip " + table + " ports_any (udp . 8080): ENOENT (No such file or "
                        + "directory)");
        assertThat(elements("ports_any")).containsExactly("tcp . 8080 : 10.89.0.2 . 80");
    }

    @Test
    void aBatchWithOneRefusedElementAddsNoneOfTheOthers() throws Exception {
        nft.addElements(table, "ports_any", List.of(any(TCP, 8080, "10.89.0.2", 80)));

        assertThatThrownBy(() -> nft.addElements(table, "ports_any", List.of(
                any(TCP, 9001, "10.89.0.3", 80), any(TCP, 8080, "10.89.0.3", 80), any(UDP, 9002, "10.89.0.3", 53))))
                .hasMessage("NFT_MSG_NEWSETELEM ip " + table + " ports_any (tcp . 8080): EEXIST (File exists)")
                .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
        assertThat(elements("ports_any")).containsExactly("tcp . 8080 : 10.89.0.2 . 80");

        // The socket is in step afterwards: the next batch gets its own answers.
        nft.addElements(table, "ports_any", List.of(any(TCP, 9001, "10.89.0.3", 80)));
        assertThat(elements("ports_any")).containsExactlyInAnyOrder("tcp . 8080 : 10.89.0.2 . 80",
                "tcp . 9001 : 10.89.0.3 . 80");
    }

    @Test
    void aMissingMapOrAValueOfTheWrongLengthIsRefused() throws Exception {
        assertThatThrownBy(() -> nft.addElements(table, "ports_none", List.of(any(TCP, 8080, "10.89.0.2", 80))))
                .hasMessage("NFT_MSG_NEWSETELEM ip " + table + " ports_none (tcp . 8080): ENOENT (No such file or "
                        + "directory)");
        // A ports_any key in ports_addr: the kernel wants a key of exactly the map's length.
        assertThatThrownBy(() -> nft.addElements(table, "ports_addr", List.of(any(TCP, 8080, "10.89.0.2", 80))))
                .extracting(e -> ((NetlinkException) e).errno()).isEqualTo(Errno.EINVAL);
        assertThat(elements("ports_addr")).isEmpty();
    }

    @Test
    void aThousandElementsGoInOneBatch() throws Exception {
        List<SetElement> many = IntStream.range(0, 1000)
                .mapToObj(i -> any(i % 2 == 0 ? TCP : UDP, 10000 + i, "10.89.0." + (2 + i % 200), 80)).toList();

        nft.addElements(table, "ports_any", many);
        assertThat(elements("ports_any")).hasSize(1000).contains("tcp . 10000 : 10.89.0.2 . 80",
                "udp . 10999 : 10.89.0.201 . 80");
        nft.deleteElements(table, "ports_any", many);
        assertThat(elements("ports_any")).isEmpty();
    }

    @Test
    void aThousandRefusalsAreAnsweredInFullAndTheSocketStaysInStep() throws Exception {
        nft.addElements(table, "ports_any", List.of(any(TCP, 8080, "10.89.0.2", 80)));
        List<SetElement> batch = new ArrayList<>(IntStream.range(0, 1000)
                .mapToObj(i -> new SetElement(SetElement.portKey(UDP, 10000 + i), null)).toList());
        batch.add(new SetElement(SetElement.portKey(TCP, 8080), null));

        // 1001 elements in 63 requests of 16 (the last of 9), every one refused: 63 answers, which the socket holds.
        assertThatThrownBy(() -> nft.deleteElements(table, "ports_any", batch))
                .isInstanceOf(NetlinkException.class)
                .hasMessage("NFT_MSG_DELSETELEM ip " + table + " ports_any (one of udp . 10000, udp . 10001, udp . "
                        + "10002, udp . 10003 and 12 more): ENOENT (No such file or directory)")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(62));
        assertThat(elements("ports_any")).containsExactly("tcp . 8080 : 10.89.0.2 . 80");

        nft.deleteElements(table, "ports_any", List.of(new SetElement(SetElement.portKey(TCP, 8080), null)));
        assertThat(elements("ports_any")).isEmpty();
    }

    private static SetElement any(int protocol, int port, String container, int containerPort) {
        return new SetElement(SetElement.portKey(protocol, port),
                SetElement.addressPortValue(ipv4(container), containerPort));
    }

    /** The elements of a map as {@code nft list map} writes them, one string each. */
    private List<String> elements(String map) throws Exception {
        String listing = run("", "nft", "list", "map", "ip", table, map);
        int start = listing.indexOf("elements = {");
        if (start < 0) {
            return List.of();
        }
        String elements = listing.substring(start + "elements = {".length(), listing.indexOf('}', start));
        return Arrays.stream(elements.split(",")).map(String::strip).toList();
    }

    private static String run(String input, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long min(long[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
