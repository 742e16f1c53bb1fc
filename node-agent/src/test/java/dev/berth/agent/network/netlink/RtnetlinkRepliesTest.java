package dev.berth.agent.network.netlink;

import static dev.berth.agent.network.netlink.FakeKernel.done;
import static dev.berth.agent.network.netlink.FakeKernel.hex;
import static dev.berth.agent.network.netlink.RtnetlinkRequestsTest.ipv4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.SyscallException;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * How the client reads the kernel's answers, written out by hand from the kernel's structs: nlmsgerr (s32 error, then
 * the request's nlmsghdr), NLMSG_DONE (s32 error), ifinfomsg and ifaddrmsg with their attributes.
 */
class RtnetlinkRepliesTest {
    private final FakeKernel kernel = new FakeKernel();
    private final Rtnetlink rtnl = Rtnetlink.open(kernel);

    @Test
    void aRefusalNamesTheRequestItsTargetAndTheErrno() {
        kernel.answer(hex(
                "24000000", "0200", "0001", "01000000", "d2040000", // NLMSG_ERROR, NLM_F_CAPPED, seq 1
                "efffffff", // -EEXIST
                "80000000", "1000", "0506", "01000000", "00000000")); // the request's header

        assertThatThrownBy(() -> rtnl.createVeth("vethab12", 7, "eth0", hex("02 42 ac 11 00 02"), 42))
                .isInstanceOf(NetlinkException.class)
                .isInstanceOf(SyscallException.class)
                .hasMessage("RTM_NEWLINK veth vethab12 (peer eth0, master 7): EEXIST (File exists)")
                .satisfies(e -> {
                    NetlinkException failure = (NetlinkException) e;
                    assertThat(failure.call()).isEqualTo("RTM_NEWLINK");
                    assertThat(failure.errno()).isEqualTo(Errno.EEXIST);
                });
    }

    @Test
    void aRefusalEchoingTheWholeRequestIsReadTheSameWay() {
        kernel.answer(hex(
                "34000000", "0200", "0000", "01000000", "d2040000", // 52 bytes: not capped
                "edffffff", // -ENODEV
                "20000000", "1000", "0500", "01000000", "00000000", // the request, whole
                "00 00 0000 09000000 01000000 01000000"));

        assertThatThrownBy(() -> rtnl.setUp(9)).isInstanceOf(NetlinkException.class)
                .hasMessage("RTM_NEWLINK link 9 up: ENODEV (No such device)");
    }

    @Test
    void aLinkDumpSpreadOverTwoDatagramsEndsAtDone() {
        kernel.answer(hex(
                // lo: ARPHRD_LOOPBACK, IFF_UP|IFF_LOOPBACK|IFF_RUNNING|IFF_LOWER_UP, no kind
                "3c000000", "1000", "0200", "01000000", "d2040000", // 60 bytes, RTM_NEWLINK, NLM_F_MULTI
                "00 00 0403", "01000000", "49000100", "00000000",
                "0700 0300", "6c6f00", "00", // IFLA_IFNAME "lo\0"
                "0800 0400", "00000100", // IFLA_MTU, not read
                "0a00 0100", "000000000000", "0000", // IFLA_ADDRESS
                // a bridge, up
                "5c000000", "1000", "0200", "01000000", "d2040000", // 92 bytes
                "00 00 0100", "07000000", "03100100", "00000000", // IFF_UP|BROADCAST|MULTICAST|LOWER_UP
                "0900 0300", "62727430 00", "000000", // IFLA_IFNAME "brt0\0"
                "0a00 0100", "020000000001", "0000",
                "1c00 1200", // IFLA_LINKINFO
                "  0b00 0100", "62726964 676500", "00", // IFLA_INFO_KIND "bridge\0"
                "  0c00 0200", "0800 0500 00000000", // IFLA_INFO_DATA: IFLA_BR_STP_STATE 0
                "0800 1a80", "0400 0200"), // IFLA_AF_SPEC with NLA_F_NESTED, not read
                hex(
                // a veth end enslaved to the bridge, down
                "4c000000", "1000", "0200", "01000000", "d2040000", // 76 bytes
                "00 00 0100", "0c000000", "02100000", "00000000",
                "0800 0300", "76743000", // IFLA_IFNAME "vt0\0"
                "0800 0a00", "07000000", // IFLA_MASTER 7
                "0a00 0100", "aabbccddeeff", "0000",
                "1000 1200", "  0900 0100", "76657468 00", "000000", // IFLA_LINKINFO, IFLA_INFO_KIND "veth\0"
                "14000000", "0300", "0200", "01000000", "d2040000", "00000000")); // NLMSG_DONE, error 0

        assertThat(rtnl.links()).containsExactly(
                new Rtnetlink.Link(1, "lo", null, 0, new byte[6], true),
                new Rtnetlink.Link(7, "brt0", "bridge", 0, hex("020000000001"), true),
                new Rtnetlink.Link(12, "vt0", "veth", 7, hex("aabbccddeeff"), false));
    }

    @Test
    void anAddressDumpKeepsIpv4AndTheLocalAddress() {
        kernel.answer(hex(
                // as on a point-to-point link: IFA_ADDRESS is the peer, IFA_LOCAL this end
                "3c000000", "1400", "0200", "01000000", "d2040000", // 60 bytes, RTM_NEWADDR
                "02", "18", "80", "00", "07000000", // AF_INET, /24, IFA_F_PERMANENT, universe, link 7
                "0800 0100", "0afa0309", // IFA_ADDRESS 10.250.3.9
                "0800 0200", "0afa0301", // IFA_LOCAL 10.250.3.1
                "0900 0300", "62727430 00", "000000", // IFA_LABEL "brt0\0"
                "0800 0800", "80000000", // IFA_FLAGS
                "2c000000", "1400", "0200", "01000000", "d2040000", // 44 bytes: ::1/128 of lo
                "0a", "80", "80", "fe", "01000000",
                "1400 0100", "00000000 00000000 00000000 00000001",
                "14000000", "0300", "0200", "01000000", "d2040000", "00000000"));

        assertThat(rtnl.addresses()).containsExactly(new Rtnetlink.Address(7, ipv4("10.250.3.1"), 24));
    }

    @Test
    void aDumpThatChangedUnderneathIsTakenAgain() {
        kernel.answer(hex(
                "14000000", "0300", "1200", "01000000", "d2040000", "00000000")) // NLM_F_MULTI|NLM_F_DUMP_INTR
                .answer(done(2));

        assertThat(rtnl.links()).isEmpty();
        assertThat(kernel.requests()).hasSize(2);
    }

    @Test
    void aDumpThatNeverSettlesFails() {
        for (int seq = 1; seq <= 5; seq++) {
            kernel.answer(hex("14000000", "0300", "1200", String.format("%02x000000", seq), "d2040000",
                    "00000000"));
        }

        assertThatThrownBy(rtnl::links).isInstanceOf(NetlinkException.class)
                .hasMessage("RTM_GETLINK dump (changed while read 5 times): EAGAIN (Resource temporarily unavailable)");
    }

    @Test
    void aDumpEndingInAnErrorFails() {
        kernel.answer(hex("14000000", "0300", "0200", "01000000", "d2040000", "f4ffffff")); // -ENOMEM

        assertThatThrownBy(rtnl::addresses).isInstanceOf(NetlinkException.class)
                .hasMessage("RTM_GETADDR dump: ENOMEM (Cannot allocate memory)");
    }

    @Test
    void answersToAnotherSequenceNumberAreSkipped() {
        kernel.ack().answer(hex(
                // a link answering seq 1, arriving late
                "2c000000", "1000", "0000", "01000000", "d2040000",
                "00 00 0100", "05000000", "00000000", "00000000",
                "0900 0300", "65746830 00", "000000",
                // the one answering seq 2, then its ack
                "2c000000", "1000", "0000", "02000000", "d2040000",
                "00 00 0100", "06000000", "00000000", "00000000",
                "0900 0300", "65746830 00", "000000",
                "24000000", "0200", "0001", "02000000", "d2040000", "00000000",
                "2c000000", "1200", "0500", "02000000", "00000000"));
        rtnl.setUp(1);

        assertThat(rtnl.linkIndex("eth0")).isEqualTo(OptionalInt.of(6));
    }

    @Test
    void aMissingLinkIsNoErrorForLookupAndDelete() {
        kernel.refuse(Errno.ENODEV).refuse(Errno.ENODEV).refuse(Errno.EPERM);

        assertThat(rtnl.linkIndex("eth9")).isEmpty();
        assertThat(rtnl.deleteLink("eth9")).isFalse();
        assertThatThrownBy(() -> rtnl.deleteLink("eth0")).isInstanceOf(NetlinkException.class)
                .hasMessage("RTM_DELLINK link eth0: EPERM (Operation not permitted)");
    }

    @Test
    void aReplyTooLargeForTheBufferIsNotReadCut() {
        kernel.answer(new byte[70_000]);

        assertThatThrownBy(rtnl::links).isInstanceOf(NetlinkException.class)
                .hasMessage("RTM_GETLINK dump (a reply of 70000 bytes): EMSGSIZE (Message too long)");
    }

    @Test
    void aMessageLongerThanItsDatagramIsAProtocolError() {
        kernel.answer(hex("ff000000", "0200", "0000", "01000000", "d2040000", "00000000"));

        assertThatThrownBy(() -> rtnl.setUp(3)).isInstanceOf(NetlinkException.class)
                .hasMessageStartingWith("RTM_NEWLINK link 3 up (netlink message length 255 at offset 0")
                .hasMessageEndingWith(": EPROTO (Protocol error)");
    }

    @Test
    void closingClosesTheSocketOnce() {
        rtnl.close();
        rtnl.close();

        assertThat(kernel.calls("close")).containsExactly("close(100)");
        assertThatThrownBy(() -> rtnl.setUp(1)).isInstanceOf(IllegalStateException.class);
    }
}
