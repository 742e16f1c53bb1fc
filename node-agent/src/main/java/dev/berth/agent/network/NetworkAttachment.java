package dev.berth.agent.network;

import org.jspecify.annotations.Nullable;

/**
 * How a container joins the network: its mode and, for a bridge network, the address leased to it for its lifetime.
 *
 * @param mode {@code bridge}, {@code none} or {@code host}
 * @param networkId the network's id; null for none and host
 * @param networkName the network's name ({@code bridge}, {@code none}, {@code host} or a user network's)
 * @param bridge the host bridge; null for none and host
 * @param address the leased address; null for none and host
 * @param resolvesNames whether peers on the network are written into the container's /etc/hosts (user networks,
 *     as Docker's embedded DNS serves only those)
 */
public record NetworkAttachment(String mode, @Nullable String networkId, String networkName, @Nullable String bridge,
                                @Nullable Ipv4 address, int prefixLength, @Nullable Ipv4 gateway,
                                @Nullable String macAddress, boolean resolvesNames) {
    public static final String BRIDGE = "bridge";
    public static final String NONE = "none";
    public static final String HOST = "host";

    public static NetworkAttachment none() {
        return new NetworkAttachment(NONE, null, NONE, null, null, 0, null, null, false);
    }

    public static NetworkAttachment host() {
        return new NetworkAttachment(HOST, null, HOST, null, null, 0, null, null, false);
    }

    public boolean bridged() {
        return mode.equals(BRIDGE);
    }

    public boolean sharesHostNamespace() {
        return mode.equals(HOST);
    }

    /** The host end of the container's veth pair: {@code veth} and the first ten digits of its id. */
    public static String hostInterface(String containerId) {
        return "veth" + containerId.substring(0, 10);
    }

    /**
     * A locally administered MAC derived from the address, as Docker does: a reused address then comes with the same
     * MAC, so a stale ARP entry elsewhere on the bridge is still right.
     */
    public static String macFor(Ipv4 address) {
        byte[] ip = address.bytes();
        return String.format("02:b7:%02x:%02x:%02x:%02x", ip[0], ip[1], ip[2], ip[3]);
    }

    public static byte[] macBytes(String mac) {
        String[] parts = mac.split(":");
        byte[] bytes = new byte[6];
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return bytes;
    }
}
