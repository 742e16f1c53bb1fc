package dev.berth.agent.network.netlink;

import dev.berth.agent.linux.SyscallException;

/**
 * The kernel refused an rtnetlink or nftables request, or answered it with something unreadable. The message names the
 * request, what it was for and the errno: {@code RTM_NEWLINK veth vethab12 (peer eth0, master 7): EEXIST (File
 * exists)}, {@code NFT_MSG_NEWSETELEM ip berth ports_any (tcp . 8080): EEXIST (File exists)}.
 */
public final class NetlinkException extends SyscallException {
    public NetlinkException(String call, String target, int errno) {
        super(call, target, errno);
    }
}
