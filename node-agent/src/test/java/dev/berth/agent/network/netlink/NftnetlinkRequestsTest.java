package dev.berth.agent.network.netlink;

import static dev.berth.agent.network.netlink.FakeKernel.hex;
import static dev.berth.agent.network.netlink.RtnetlinkRequestsTest.ipv4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.network.netlink.Nftnetlink.SetElement;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bytes each batch puts on the socket, written out field by field from the kernel's structs: nlmsghdr (u32 len,
 * u16 type, u16 flags, u32 seq, u32 pid), nfgenmsg (u8 family, u8 version, be16 res_id) and nlattr (u16 len, u16 type
 * with NLA_F_NESTED 0x8000 on nests, payload padded to 4). Headers are little-endian; keys and values are in the
 * kernel's register layout, which is what {@code nft --debug=netlink,mnl add element ...} prints for the same
 * elements: {@code 00000006 0000911f : 0200590a 00005000} for {@code tcp . 8081 : 10.89.0.2 . 80} (as host-order
 * words) and the bytes {@code 7f 00 00 01 | 11 00 00 00 | 14 e9 00 00 : 0a 5a 00 02 | 00 35 00 00} for
 * {@code 127.0.0.1 . udp . 5353 : 10.90.0.2 . 53}.
 */
class NftnetlinkRequestsTest {
    private final FakeKernel kernel = new FakeKernel();
    private final Nftnetlink nft = Nftnetlink.open(kernel);

    @Test
    void anAddIsOneNewsetelemBetweenBatchBeginAndEnd() {
        kernel.ackEach();

        nft.addElements("berth", "ports_any", List.of(new SetElement(SetElement.portKey(6, 8080),
                SetElement.addressPortValue(ipv4("10.89.0.2"), 80))));

        assertThat(hex(kernel.request(0))).isEqualTo(hex(hex(
                "14000000", "1000", "0100", "01000000", "00000000", // NFNL_MSG_BATCH_BEGIN, REQUEST only, seq 1
                "00", "00", "000a", // nfgenmsg: AF_UNSPEC, NFNETLINK_V0, res_id NFNL_SUBSYS_NFTABLES big-endian

                "58000000", "0c0a", "0504", "02000000", "00000000", // 88 bytes, NFT_MSG_NEWSETELEM, REQUEST|ACK|CREATE
                "02", "00", "0000", // nfgenmsg: NFPROTO_IPV4
                "0a00 0100", "62657274 6800", "0000", // NFTA_SET_ELEM_LIST_TABLE "berth\0"
                "0e00 0200", "706f7274 735f616e 7900", "0000", // NFTA_SET_ELEM_LIST_SET "ports_any\0"
                "2800 0380", // NFTA_SET_ELEM_LIST_ELEMENTS, nested, 40 bytes
                "  2400 0180", // NFTA_LIST_ELEM, nested
                "    1000 0180", // NFTA_SET_ELEM_KEY, nested
                "      0c00 0100", "06000000 1f900000", // NFTA_DATA_VALUE tcp . 8080
                "    1000 0280", // NFTA_SET_ELEM_DATA, nested
                "      0c00 0100", "0a590002 00500000", // NFTA_DATA_VALUE 10.89.0.2 . 80

                "14000000", "1100", "0100", "03000000", "00000000", // NFNL_MSG_BATCH_END, seq 3
                "00", "00", "000a")));
        assertThat(kernel.calls()).containsExactly("netlink_socket(12)", "send(100, 128 bytes)");
    }

    @Test
    void aDeleteSendsEachKeyInARequestOfItsOwnAndNoValueAndOnlyTheLastAsksForAnAck() {
        kernel.ackEach();
        byte[] value = SetElement.addressPortValue(ipv4("10.90.0.2"), 53);

        nft.deleteElements("berth", "ports_addr", List.of(
                new SetElement(SetElement.addressPortKey(ipv4("127.0.0.1"), 17, 5353), value),
                new SetElement(SetElement.addressPortKey(ipv4("127.0.0.1"), 6, 443), value)));

        String header = "02 00 0000" // NFPROTO_IPV4
                + "0a00 0100 62657274 6800 0000" // "berth\0"
                + "0f00 0200 706f7274 735f6164 647200 00" // "ports_addr\0"
                + "1c00 0380 1800 0180 1400 0180 1000 0100"; // elements, element, key, value of 12 bytes
        assertThat(hex(kernel.request(0))).isEqualTo(hex(hex(
                "14000000", "1000", "0100", "01000000", "00000000", "00 00 000a",
                "4c000000", "0e0a", "0100", "02000000", "00000000", // 76 bytes, NFT_MSG_DELSETELEM, REQUEST
                header, "7f000001 11000000 14e90000", // 127.0.0.1 . udp . 5353
                "4c000000", "0e0a", "0500", "03000000", "00000000", // seq 3, the last, REQUEST|ACK
                header, "7f000001 06000000 01bb0000", // 127.0.0.1 . tcp . 443
                "14000000", "1100", "0100", "04000000", "00000000", "00 00 000a")));
    }

    @Test
    void onlyTheLastElementRequestAsksForAnAck() {
        kernel.ackEach();
        SetElement one = new SetElement(SetElement.portKey(6, 1), SetElement.addressPortValue(ipv4("10.0.0.1"), 1));

        nft.addElements("t", "s", List.of(one, one, one));

        byte[] batch = kernel.request(0);
        assertThat(MessageReader.messages(batch, batch.length))
                .extracting(m -> Integer.toHexString(m.type()) + " " + Integer.toHexString(m.flags()))
                .containsExactly("10 1", "a0c 401", "a0c 401", "a0c 405", "11 1"); // begin, 3 NEWSETELEM, end
    }

    @Test
    void upTo64ElementsEachIsARequestOfItsOwn() {
        kernel.ackEach();

        nft.addElements("t", "s", ports(64));

        byte[] batch = kernel.request(0);
        assertThat(MessageReader.messages(batch, batch.length)).hasSize(66)
                .filteredOn(m -> m.type() == 0x0a0c).allSatisfy(m -> assertThat(m.payload().remaining()).isEqualTo(60));
    }

    @Test
    void moreThan64ElementsAreSpreadEvenlyOver64RequestsAtMost() {
        kernel.ackEach().ackEach();

        nft.addElements("t", "s", ports(65));
        nft.deleteElements("t", "s", ports(1000));

        byte[] spread = kernel.request(0);
        // 33 requests of 2 elements and 1 of 1: nfgenmsg, "t\0", "s\0", then 4 + 36 bytes per element
        assertThat(MessageReader.messages(spread, spread.length)).hasSize(35)
                .extracting(m -> m.type() == 0x0a0c ? m.payload().remaining() : -1)
                .containsExactlyElementsOf(Stream.of(List.of(-1), Collections.nCopies(32, 96), List.of(60, -1))
                        .flatMap(List::stream).toList());
        byte[] many = kernel.request(1);
        // 62 requests of 16 elements and one of 8, keys only: 4 + 20 bytes per element
        assertThat(MessageReader.messages(many, many.length)).hasSize(65)
                .filteredOn(m -> m.type() == 0x0a0e).extracting(m -> m.payload().remaining())
                .containsOnly(20 + 4 + 16 * 20, 20 + 4 + 8 * 20);
    }

    @Test
    void keysAndValuesPadEachFieldToARegister() {
        assertThat(hex(SetElement.portKey(17, 53))).isEqualTo("1100000000350000");
        assertThat(hex(SetElement.portKey(6, 65535))).isEqualTo("06000000ffff0000");
        assertThat(hex(SetElement.addressPortKey(ipv4("127.0.0.1"), 17, 5353))).isEqualTo("7f0000011100000014e90000");
        assertThat(hex(SetElement.addressPortValue(ipv4("10.90.0.2"), 53))).isEqualTo("0a5a000200350000");
    }

    @Test
    void elementsCompareAndPrintByContent() {
        SetElement element = new SetElement(SetElement.portKey(6, 8080),
                SetElement.addressPortValue(ipv4("10.89.0.2"), 80));

        assertThat(element).isEqualTo(new SetElement(hex("06000000 1f900000"), hex("0a590002 00500000")))
                .hasSameHashCodeAs(new SetElement(hex("06000000 1f900000"), hex("0a590002 00500000")))
                .isNotEqualTo(new SetElement(hex("06000000 1f900000"), null));
        assertThat(element).hasToString("SetElement[tcp . 8080 : 10.89.0.2 . 80]");
        assertThat(new SetElement(SetElement.addressPortKey(ipv4("127.0.0.1"), 17, 5353), null))
                .hasToString("SetElement[127.0.0.1 . udp . 5353]");
        assertThat(new SetElement(hex("0a000001"), null)).hasToString("SetElement[0x0a000001]");
    }

    @Test
    void anElementKeepsItsOwnCopyOfTheBytes() {
        byte[] key = SetElement.portKey(6, 80);
        SetElement element = new SetElement(key, null);
        key[0] = 17;
        element.key()[4] = 1;

        assertThat(element.key()).isEqualTo(SetElement.portKey(6, 80));
    }

    @Test
    void eachBatchTakesTheSequenceNumbersAfterTheLastOne() {
        kernel.ackEach().ackEach();
        SetElement one = new SetElement(SetElement.portKey(6, 1), null);

        nft.addElements("t", "s", List.of(one, one));
        nft.deleteElements("t", "s", List.of(one));

        assertThat(FakeKernel.seq(kernel.request(0))).isEqualTo(1);
        assertThat(FakeKernel.seq(kernel.request(1))).isEqualTo(5);
    }

    @Test
    void invalidNamesAndBytesAreRefusedBeforeAnythingIsSent() {
        SetElement element = new SetElement(SetElement.portKey(6, 80), null);

        assertThatThrownBy(() -> SetElement.portKey(6, 65536)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a port is 0 to 65535, not 65536");
        assertThatThrownBy(() -> SetElement.portKey(256, 80)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an IP protocol number is 0 to 255, not 256");
        assertThatThrownBy(() -> nft.addElements("", "ports_any", List.of(element)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table name");
        assertThatThrownBy(() -> nft.deleteElements("berth", "x".repeat(256), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set name");
        assertThatThrownBy(() -> nft.addElements("berth", "s", List.of(new SetElement(new byte[65], null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("an nftables key has 1 to 64 bytes, not 65");
        assertThatThrownBy(() -> nft.addElements("berth", "s", List.of(new SetElement(new byte[4], new byte[0]))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("an nftables value has 1 to 64 bytes, not 0");

        assertThat(kernel.requests()).isEmpty();
    }

    private static List<SetElement> ports(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(port -> new SetElement(
                SetElement.portKey(6, port), SetElement.addressPortValue(ipv4("10.89.0.2"), 80))).toList();
    }

    @Test
    void aBatchWhoseRefusalsMightNotFitTheSocketIsNotSent() {
        kernel.ackEach();

        nft.addElements("berth", "ports_any", ports(1250));
        assertThatThrownBy(() -> nft.addElements("berth", "ports_any", ports(1300)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a batch of 1300 elements for berth ports_any takes 50064 bytes, more than the 49152 whose"
                        + " refusals the socket is sure to hold; split it");

        assertThat(kernel.requests()).hasSize(1);
    }

    @Test
    void noElementsIsNoBatch() {
        nft.addElements("berth", "ports_any", List.of());
        nft.deleteElements("berth", "ports_any", List.of());

        assertThat(kernel.requests()).isEmpty();
    }
}
