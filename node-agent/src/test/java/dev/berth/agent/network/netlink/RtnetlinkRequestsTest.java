package dev.berth.agent.network.netlink;

import static dev.berth.agent.network.netlink.FakeKernel.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/**
 * The bytes each request puts on the socket, written out field by field from the kernel's structs: nlmsghdr (u32 len,
 * u16 type, u16 flags, u32 seq, u32 pid), ifinfomsg (u8 family, u8 pad, u16 type, s32 index, u32 flags, u32 change),
 * ifaddrmsg (u8 family, u8 prefixlen, u8 flags, u8 scope, u32 index), rtmsg (u8 family, dst_len, src_len, tos, table,
 * protocol, scope, type, u32 flags) and rtattr (u16 len, u16 type, payload padded to 4). All little-endian, addresses
 * in network order.
 */
class RtnetlinkRequestsTest {
    private final FakeKernel kernel = new FakeKernel();
    private final Rtnetlink rtnl = Rtnetlink.open(kernel);

    @Test
    void aVethPairWithItsPeerInAnotherNamespaceIsOneNestedNewlink() {
        rtnl.createVeth("vethab12", 7, "eth0", hex("02 42 ac 11 00 02"), 42);

        assertThat(hex(kernel.request(0))).isEqualTo(hex(hex(
                "80000000", "1000", "0506", "01000000", "00000000", // 128 bytes, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE
                "00", "00", "0000", "00000000", "01000000", "01000000", // ifinfomsg: IFF_UP set and in the change mask
                "0d00 0300", "76657468 61623132 00", "000000", // IFLA_IFNAME "vethab12\0", padded
                "0800 0a00", "07000000", // IFLA_MASTER 7
                "4800 1200", // IFLA_LINKINFO, 72 bytes
                "  0900 0100", "76657468 00", "000000", // IFLA_INFO_KIND "veth\0"
                "  3800 0200", // IFLA_INFO_DATA, 56 bytes
                "    3400 0100", // VETH_INFO_PEER, 52 bytes: an ifinfomsg, then the peer's attributes
                "      00 00 0000 00000000 00000000 00000000", // the peer stays down
                "      0900 0300", "65746830 00", "000000", // IFLA_IFNAME "eth0\0"
                "      0a00 0100", "0242ac110002", "0000", // IFLA_ADDRESS
                "      0800 1c00", "2a000000"))); // IFLA_NET_NS_FD 42
        assertThat(kernel.calls()).containsExactly("netlink_socket(0)", "send(100, 128 bytes)");
    }

    @Test
    void anIpv4AddressCarriesLocalAddressAndBroadcast() throws Exception {
        rtnl.addAddress(5, ipv4("10.250.3.2"), 24);

        assertThat(hex(kernel.request(0))).isEqualTo(hex(hex(
                "30000000", "1400", "0506", "01000000", "00000000", // 48 bytes, RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE
                "02", "18", "00", "00", "05000000", // ifaddrmsg: AF_INET, /24, no flags, scope universe, link 5
                "0800 0200", "0afa0302", // IFA_LOCAL 10.250.3.2
                "0800 0100", "0afa0302", // IFA_ADDRESS 10.250.3.2
                "0800 0400", "0afa03ff"))); // IFA_BROADCAST 10.250.3.255
    }

    @Test
    void pointToPointPrefixesHaveNoBroadcast() throws Exception {
        rtnl.addAddress(5, ipv4("10.250.3.2"), 31);

        assertThat(hex(kernel.request(0))).isEqualTo(hex(hex(
                "28000000", "1400", "0506", "01000000", "00000000",
                "02", "1f", "00", "00", "05000000",
                "0800 0200", "0afa0302",
                "0800 0100", "0afa0302")));
    }

    @Test
    void theDefaultRouteIsAGatewayInTheMainTable() throws Exception {
        rtnl.addDefaultRoute(ipv4("10.250.3.1"));

        assertThat(hex(kernel.request(0))).isEqualTo(hex(hex(
                "24000000", "1800", "0506", "01000000", "00000000", // 36 bytes, RTM_NEWROUTE
                "02", "00", "00", "00", // AF_INET, 0.0.0.0/0, no source, tos 0
                "fe", "03", "00", "01", "00000000", // RT_TABLE_MAIN, RTPROT_BOOT, universe, RTN_UNICAST
                "0800 0500", "0afa0301"))); // RTA_GATEWAY
    }

    @Test
    void aBridgeIsCreatedThenLookedUpByNameForItsIndex() {
        kernel.ack().answer(hex(
                "2c000000", "1000", "0000", "02000000", "d2040000", // the link, answering seq 2
                "00", "00", "0100", "0b000000", "02100000", "00000000", // ARPHRD_ETHER, index 11
                "0900 0300", "62727430 00", "000000"), hex(
                "24000000", "0200", "0001", "02000000", "d2040000", "00000000", // its ack
                "2c000000", "1200", "0500", "02000000", "00000000"));

        int index = rtnl.createBridge("brt0", hex("02 00 00 00 00 01"));

        assertThat(index).isEqualTo(11);
        assertThat(hex(kernel.request(0))).isEqualTo(hex(hex(
                "48000000", "1000", "0506", "01000000", "00000000", // 72 bytes, RTM_NEWLINK, create exclusively
                "00 00 0000 00000000 00000000 00000000",
                "0900 0300", "62727430 00", "000000", // IFLA_IFNAME "brt0\0"
                "0a00 0100", "020000000001", "0000", // IFLA_ADDRESS
                "1000 1200", // IFLA_LINKINFO, 16 bytes
                "  0b00 0100", "62726964 676500", "00"))); // IFLA_INFO_KIND "bridge\0"
        assertThat(hex(kernel.request(1))).isEqualTo(hex(hex(
                "2c000000", "1200", "0500", "02000000", "00000000", // 44 bytes, RTM_GETLINK, REQUEST|ACK
                "00 00 0000 00000000 00000000 00000000",
                "0900 0300", "62727430 00", "000000")));
    }

    @Test
    void settingALinkUpTouchesOnlyIffUp() {
        rtnl.setUp(9);

        assertThat(hex(kernel.request(0))).isEqualTo(hex(hex(
                "20000000", "1000", "0500", "01000000", "00000000", // RTM_NEWLINK without CREATE: a change
                "00", "00", "0000", "09000000", "01000000", "01000000")));
    }

    @Test
    void aLinkIsDeletedByName() {
        rtnl.deleteLink("vt0");

        assertThat(hex(kernel.request(0))).isEqualTo(hex(hex(
                "28000000", "1100", "0500", "01000000", "00000000", // RTM_DELLINK
                "00 00 0000 00000000 00000000 00000000",
                "0800 0300", "76743000")));
    }

    @Test
    void dumpsAskForEverythingOfTheirFamily() {
        kernel.answer(FakeKernel.done(1)).answer(FakeKernel.done(2));

        rtnl.links();
        rtnl.addresses();

        assertThat(hex(kernel.request(0))).isEqualTo(hex(hex(
                "20000000", "1200", "0103", "01000000", "00000000", // RTM_GETLINK, REQUEST|DUMP, no ack
                "00 00 0000 00000000 00000000 00000000")));
        assertThat(hex(kernel.request(1))).isEqualTo(hex(hex(
                "18000000", "1600", "0103", "02000000", "00000000", // RTM_GETADDR, REQUEST|DUMP
                "02 00 00 00 00000000"))); // AF_INET picks the IPv4 dumper
    }

    @Test
    void eachRequestHasTheNextSequenceNumber() {
        rtnl.setUp(1);
        rtnl.setUp(2);
        rtnl.setUp(3);

        assertThat(kernel.requests()).extracting(FakeKernel::seq).containsExactly(1, 2, 3);
    }

    @Test
    void invalidNamesAndMacsAreRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> rtnl.createBridge("a-name-of-16-chr", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a-name-of-16-chr'");
        assertThatThrownBy(() -> rtnl.deleteLink("eth 0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rtnl.linkIndex("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rtnl.createVeth("v0", 1, "eth0", new byte[5], 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 bytes, not 5");
        assertThatThrownBy(() -> rtnl.addAddress(1, ipv4("10.0.0.1"), 33))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(kernel.requests()).isEmpty();
    }

    static Inet4Address ipv4(String literal) {
        try {
            return (Inet4Address) InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
