package dev.berth.agent.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** An IPv4 prefix such as {@code 10.89.0.0/16}; the base has no host bits set. */
public record Subnet(Ipv4 base, int prefixLength) {
    /** A /30 has two usable addresses: the gateway and one container. */
    public static final int LONGEST_PREFIX = 30;

    public Subnet {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not 0-32");
        }
        if ((base.value() & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException(base + "/" + prefixLength + " has host bits set; did you mean "
                    + new Ipv4(base.value() & mask(prefixLength)) + "/" + prefixLength + "?");
        }
    }

    @JsonCreator
    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + cidr + "' is not in CIDR form, such as 10.90.0.0/24");
        }
        String length = cidr.substring(slash + 1);
        if (length.isEmpty() || length.length() > 2 || !length.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + cidr + "' has no valid prefix length");
        }
        return new Subnet(Ipv4.parse(cidr.substring(0, slash)), Integer.parseInt(length));
    }

    static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public long size() {
        return 1L << (32 - prefixLength);
    }

    public Ipv4 broadcast() {
        return new Ipv4(base.value() | ~mask(prefixLength));
    }

    /** The first address after the network's own, by convention the gateway's. */
    public Ipv4 firstHost() {
        return base.plus(1);
    }

    public boolean contains(Ipv4 address) {
        return (address.value() & mask(prefixLength)) == base.value();
    }

    /** An address for a host: inside, and neither the network's own address nor its broadcast. */
    public boolean isHost(Ipv4 address) {
        return contains(address) && !address.equals(base) && !address.equals(broadcast());
    }

    public boolean overlaps(Subnet other) {
        int shorter = Math.min(prefixLength, other.prefixLength);
        return (base.value() & mask(shorter)) == (other.base.value() & mask(shorter));
    }

    @JsonValue
    @Override
    public String toString() {
        return base + "/" + prefixLength;
    }
}
