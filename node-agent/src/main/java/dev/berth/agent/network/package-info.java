/**
 * Container networking: networks and their bridges, address leases, the veth that gives a container its
 * {@code eth0}, published ports, name resolution through {@code /etc/hosts}, and the agent's nftables table.
 *
 * <pre>
 *   host                                      container netns
 *   ────                                      ───────────────
 *   berth0 10.89.0.1/16 ── vethXXXX ════════ eth0 10.89.0.2/16, default via 10.89.0.1
 *     │                                         lo 127.0.0.1
 *   nft table ip berth: published ports (DNAT), masquerade, isolation between networks
 * </pre>
 */
@NullMarked
package dev.berth.agent.network;

import org.jspecify.annotations.NullMarked;
