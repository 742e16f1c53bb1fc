/**
 * The userspace port proxy: the fallback that publishes a container port on the host when kernel NAT (nftables) is
 * not usable. It accepts on the host port and copies bytes (TCP) or datagrams (UDP) to the container's address.
 */
@NullMarked
package dev.berth.agent.network.proxy;

import org.jspecify.annotations.NullMarked;
