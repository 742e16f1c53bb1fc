package dev.berth.agent.network.netlink;

import static dev.berth.agent.network.netlink.FakeKernel.hex;
import static dev.berth.agent.network.netlink.RtnetlinkRequestsTest.ipv4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.network.netlink.Nftnetlink.SetElement;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * How the client reads the kernel's answers to a batch, as nfnetlink sends them (checked on Linux 6.18), each in a
 * datagram of its own: nothing for the begin and end, which do not ask; an error (nlmsgerr: s32 error, then the whole
 * request) for each element request refused, in order; then the ack of the last request (error 0, its header only,
 * NLM_F_CAPPED), the only one that asks; and before all that, an error on the begin when the batch failed as a whole.
 */
class NftnetlinkRepliesTest {
    private static final SetElement HTTP = element(6, 8080);
    private static final SetElement HTTPS = element(6, 8443);
    private static final SetElement DNS = element(17, 53);

    private final FakeKernel kernel = new FakeKernel();
    private final Nftnetlink nft = Nftnetlink.open(kernel);

    @Test
    void theAckOfTheLastRequestEndsASuccessfulBatch() {
        kernel.answer(ack(4));

        nft.addElements("berth", "ports_any", List.of(HTTP, HTTPS, DNS));
    }

    @Test
    void aRefusalNamesTheRequestTheMapAndTheElement() {
        kernel.answer(hex(
                "24000000", "0200", "0000", "02000000", "d2040000", // NLMSG_ERROR answering seq 2
                "efffffff", // -EEXIST
                "58000000", "0c0a", "0104", "02000000", "00000000"), // the request (its header only, here)
                ack(3));

        assertThatThrownBy(() -> nft.addElements("berth", "ports_any", List.of(HTTP, HTTPS)))
                .isInstanceOf(NetlinkException.class)
                .isInstanceOf(SyscallException.class)
                .hasMessage("NFT_MSG_NEWSETELEM ip berth ports_any (tcp . 8080): EEXIST (File exists)")
                .satisfies(e -> {
                    NetlinkException failure = (NetlinkException) e;
                    assertThat(failure.call()).isEqualTo("NFT_MSG_NEWSETELEM");
                    assertThat(failure.target()).isEqualTo("ip berth ports_any (tcp . 8080)");
                    assertThat(failure.errno()).isEqualTo(Errno.EEXIST);
                    assertThat(failure.getSuppressed()).isEmpty();
                });
    }

    @Test
    void aRefusalOfTheLastRequestIsItsAnswerAndEndsTheBatch() {
        kernel.answer(nack(3, Errno.EEXIST));

        assertThatThrownBy(() -> nft.addElements("berth", "ports_any", List.of(HTTP, HTTPS)))
                .hasMessage("NFT_MSG_NEWSETELEM ip berth ports_any (tcp . 8443): EEXIST (File exists)");
    }

    @Test
    void everyRefusalIsReportedTheFirstWithTheOthersSuppressed() {
        kernel.answer(nack(3, Errno.ENOENT), nack(5, Errno.ENOENT));

        assertThatThrownBy(() -> nft.deleteElements("berth", "ports_addr", List.of(HTTP, HTTPS, DNS,
                new SetElement(SetElement.addressPortKey(ipv4("127.0.0.1"), 17, 5353), null))))
                .hasMessage("NFT_MSG_DELSETELEM ip berth ports_addr (tcp . 8443): ENOENT (No such file or directory)")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly(
                        "NFT_MSG_DELSETELEM ip berth ports_addr (127.0.0.1 . udp . 5353): ENOENT (No such file or "
                                + "directory)"));
    }

    @Test
    void inABigBatchARefusalNamesTheElementsOfItsRequest() {
        kernel.answer(nack(2, Errno.EEXIST), ack(34));

        // 65 elements: 33 requests, the first 32 of two elements each.
        assertThatThrownBy(() -> nft.addElements("berth", "ports_any",
                IntStream.rangeClosed(1, 65).mapToObj(port -> element(6, port)).toList()))
                .hasMessage("NFT_MSG_NEWSETELEM ip berth ports_any (one of tcp . 1, tcp . 2): EEXIST (File exists)");
    }

    @Test
    void answersPackedInOneDatagramAreReadAlike() {
        kernel.answer(concat(nack(2, Errno.EBUSY), ack(3)));

        assertThatThrownBy(() -> nft.addElements("berth", "ports_any", List.of(HTTP, HTTPS)))
                .extracting(e -> ((NetlinkException) e).errno()).isEqualTo(Errno.EBUSY);
    }

    @Test
    void aFailureOfTheWholeBatchIsReportedOnItsBeginAndEndsTheWait() {
        kernel.answer(nack(1, Errno.EPERM));

        assertThatThrownBy(() -> nft.addElements("berth", "ports_any", List.of(HTTP, DNS)))
                .hasMessage("NFT_MSG_NEWSETELEM ip berth ports_any (batch: tcp . 8080, udp . 53): EPERM (Operation "
                        + "not permitted)");
    }

    @Test
    void aLongBatchIsNamedByItsFirstElements() {
        kernel.answer(nack(1, Errno.ENOMEM));

        assertThatThrownBy(() -> nft.addElements("berth", "ports_any",
                IntStream.range(1, 8).mapToObj(port -> element(6, port)).toList()))
                .hasMessage("NFT_MSG_NEWSETELEM ip berth ports_any (batch: tcp . 1, tcp . 2, tcp . 3, tcp . 4 and 3 "
                        + "more): ENOMEM (Cannot allocate memory)");
    }

    @Test
    void answersLeftOverFromABatchThatFailedAsAWholeAreSkipped() {
        // A failed commit: the error on the begin, then the ack of the last request, which comes too late.
        kernel.answer(nack(1, Errno.ENOMEM), ack(2)).answer(nack(5, Errno.EEXIST));

        assertThatThrownBy(() -> nft.addElements("berth", "ports_any", List.of(HTTP)))
                .extracting(e -> ((NetlinkException) e).errno()).isEqualTo(Errno.ENOMEM);
        assertThatThrownBy(() -> nft.addElements("berth", "ports_any", List.of(HTTPS)))
                .hasMessage("NFT_MSG_NEWSETELEM ip berth ports_any (tcp . 8443): EEXIST (File exists)");
    }

    @Test
    void acksOfTheBeginAndEndAreNoAnswer() {
        // What Linux 6.18 sends when the begin and end ask for acks; this client does not ask, but is not misled.
        kernel.answer(ack(1), ack(2), ack(3)).answer(ack(4), ack(6));

        nft.addElements("berth", "ports_any", List.of(HTTP));
        assertThatThrownBy(() -> nft.addElements("berth", "ports_any", List.of(HTTP)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("waits for a reply");
    }

    @Test
    void droppedAnswersFailTheBatchAndCloseTheSocket() {
        FakeKernel overflowing = new FakeKernel() {
            @Override
            public int recv(int fd, byte[] buffer) {
                throw new SyscallException("recv", "fd " + fd, Errno.ENOBUFS);
            }
        };
        Nftnetlink client = Nftnetlink.open(overflowing);

        assertThatThrownBy(() -> client.deleteElements("berth", "ports_any", List.of(HTTP)))
                .isInstanceOf(NetlinkException.class)
                .hasMessage("NFT_MSG_DELSETELEM ip berth ports_any (batch: tcp . 8080; answers dropped, whether it "
                        + "was applied is unknown): ENOBUFS (No buffer space available)")
                .hasCauseInstanceOf(SyscallException.class);
        // What is still queued cannot be told apart from what was dropped: the socket is done for.
        assertThat(overflowing.calls()).endsWith("close(100)");
        assertThatThrownBy(() -> client.deleteElements("berth", "ports_any", List.of(HTTP)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ENOBUFS");
    }

    @Test
    void anUnreadableAnswerIsAProtocolError() {
        kernel.answer(hex("40000000", "0200", "0000", "02000000", "d2040000", "00000000"));

        assertThatThrownBy(() -> nft.addElements("berth", "ports_any", List.of(HTTP)))
                .isInstanceOf(NetlinkException.class)
                .hasMessageStartingWith("NFT_MSG_NEWSETELEM ip berth ports_any (netlink message length 64")
                .extracting(e -> ((NetlinkException) e).errno()).isEqualTo(Errno.EPROTO);
    }

    @Test
    void aClosedClientSendsNothing() {
        nft.close();
        nft.close();

        assertThatThrownBy(() -> nft.addElements("berth", "ports_any", List.of(HTTP)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(kernel.calls()).containsExactly("netlink_socket(12)", "close(100)");
    }

    private static SetElement element(int protocol, int port) {
        return new SetElement(SetElement.portKey(protocol, port), SetElement.addressPortValue(ipv4("10.89.0.2"), 80));
    }

    /** An ack: NLMSG_ERROR with error 0 and the request's header, capped (NLM_F_CAPPED). */
    private static byte[] ack(int seq) {
        return error(seq, 0, 0x100);
    }

    /** A refusal; the kernel would echo the whole request, the header is enough here. */
    private static byte[] nack(int seq, int errno) {
        return error(seq, -errno, 0);
    }

    private static byte[] error(int seq, int error, int flags) {
        return ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(36).putShort((short) 2).putShort((short) flags).putInt(seq).putInt(FakeKernel.PORT_ID)
                .putInt(error)
                .putInt(16).putShort((short) 0x0a0c).putShort((short) 0x0405).putInt(seq).putInt(0).array();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        return ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
    }
}
