package dev.berth.agent.network;

import dev.berth.agent.launch.NetworkSetup;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.Syscalls;
import dev.berth.agent.network.netlink.Rtnetlink;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Gives a bridged container its {@code eth0}, from the launcher thread: one request on a host netlink socket creates
 * the veth pair with the host end on the bridge and the peer already inside the container's namespace; three requests
 * on a socket opened inside give it its address, bring it up and route through the gateway. About a millisecond, where
 * {@code ip} and {@code nsenter} take tens.
 */
final class VethPlumbing implements NetworkSetup {
    static final String CONTAINER_INTERFACE = "eth0";

    private final Syscalls sys;
    private final NetworkAttachment attachment;
    private final String hostInterface;
    private @Nullable Rtnetlink host;
    private int bridgeIndex;

    VethPlumbing(Syscalls sys, NetworkAttachment attachment, String hostInterface) {
        this.sys = sys;
        this.attachment = attachment;
        this.hostInterface = hostInterface;
    }

    @Override
    public void beforeUnshare() {
        Rtnetlink netlink = Rtnetlink.open(sys);
        host = netlink;
        String bridge = Objects.requireNonNull(attachment.bridge());
        bridgeIndex = netlink.linkIndex(bridge).orElseThrow(() -> new NetworkException("the bridge " + bridge
                + " of network " + attachment.networkName() + " is missing; restart the node agent to repair it"));
        // A previous run's pair disappears with its namespace, but the kernel does that asynchronously.
        netlink.deleteLink(hostInterface);
    }

    @Override
    public void inContainerNamespace() {
        Rtnetlink netlink = Objects.requireNonNull(host);
        int netns = sys.open("/proc/thread-self/ns/net", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
        try {
            netlink.createVeth(hostInterface, bridgeIndex, CONTAINER_INTERFACE,
                    NetworkAttachment.macBytes(Objects.requireNonNull(attachment.macAddress())), netns);
        } finally {
            sys.close(netns);
        }
        try (Rtnetlink inside = Rtnetlink.open(sys)) {
            int eth0 = inside.linkIndex(CONTAINER_INTERFACE).orElseThrow(() -> new NetworkException(
                    "the container's eth0 did not appear in its namespace"));
            inside.addAddress(eth0, Objects.requireNonNull(attachment.address()).inet(), attachment.prefixLength());
            inside.setUp(eth0);
            inside.addDefaultRoute(Objects.requireNonNull(attachment.gateway()).inet());
        }
    }

    @Override
    public void release() {
        Rtnetlink netlink = host;
        if (netlink != null) {
            netlink.close();
            host = null;
        }
    }
}
