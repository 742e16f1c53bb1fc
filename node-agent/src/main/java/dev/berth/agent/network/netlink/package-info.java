/**
 * Netlink clients in plain Java: they encode and decode the kernel's messages themselves and move them through
 * {@link dev.berth.agent.linux.Syscalls}, so that links, addresses and routes are made without spawning {@code ip}
 * ({@link dev.berth.agent.network.netlink.Rtnetlink}), and nftables map elements without spawning {@code nft}
 * ({@link dev.berth.agent.network.netlink.Nftnetlink}).
 */
@NullMarked
package dev.berth.agent.network.netlink;

import org.jspecify.annotations.NullMarked;
