package dev.berth.agent.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 address as an unsigned 32-bit value, written in dotted-quad form. */
public record Ipv4(int value) implements Comparable<Ipv4> {
    public static final Ipv4 ANY = new Ipv4(0);

    /** Parses dotted-quad form only: no host names, no shortened forms such as {@code 10.1}. */
    @JsonCreator
    public static Ipv4 parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
            }
            value = value << 8 | octet;
        }
        return new Ipv4(value);
    }

    public Ipv4 plus(int offset) {
        return new Ipv4(value + offset);
    }

    public byte[] bytes() {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    public Inet4Address inet() {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isAny() {
        return value == 0;
    }

    @Override
    public int compareTo(Ipv4 other) {
        return Integer.compareUnsigned(value, other.value);
    }

    @JsonValue
    @Override
    public String toString() {
        return (value >>> 24) + "." + (value >>> 16 & 0xff) + "." + (value >>> 8 & 0xff) + "." + (value & 0xff);
    }
}
