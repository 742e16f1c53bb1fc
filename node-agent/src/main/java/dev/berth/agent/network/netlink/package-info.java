/**
 * An rtnetlink client in plain Java: it encodes and decodes the kernel's messages itself and moves them through
 * {@link dev.berth.agent.linux.Syscalls}, so that links, addresses and routes are made without spawning {@code ip}.
 */
@NullMarked
package dev.berth.agent.network.netlink;

import org.jspecify.annotations.NullMarked;
