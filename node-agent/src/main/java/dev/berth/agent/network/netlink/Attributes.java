package dev.berth.agent.network.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The rtattrs of a message or of a nest, by type; a repeated type keeps its last value. */
final class Attributes {
    private static final Attributes NONE = new Attributes(Map.of());

    private final Map<Integer, ByteBuffer> values;

    private Attributes(Map<Integer, ByteBuffer> values) {
        this.values = values;
    }

    /**
     * The attributes from {@code offset} to the limit of {@code buffer}.
     *
     * @throws IllegalArgumentException if an attribute's length runs past the end
     */
    static Attributes parse(ByteBuffer buffer, int offset) {
        Map<Integer, ByteBuffer> values = new HashMap<>();
        int end = buffer.limit();
        while (end - offset >= Rtnl.RTA_HDRLEN) {
            int length = Short.toUnsignedInt(buffer.getShort(offset));
            int type = Short.toUnsignedInt(buffer.getShort(offset + 2)) & Rtnl.NLA_TYPE_MASK;
            if (length < Rtnl.RTA_HDRLEN || length > end - offset) {
                throw new IllegalArgumentException("attribute " + type + " of length " + length + " at offset "
                        + offset + " of " + end + " bytes");
            }
            values.put(type, buffer.slice(offset + Rtnl.RTA_HDRLEN, length - Rtnl.RTA_HDRLEN)
                    .order(ByteOrder.LITTLE_ENDIAN));
            offset += MessageReader.align(length);
        }
        return new Attributes(values);
    }

    byte @Nullable [] bytes(int type) {
        ByteBuffer value = values.get(type);
        if (value == null) {
            return null;
        }
        byte[] bytes = new byte[value.remaining()];
        value.get(value.position(), bytes);
        return bytes;
    }

    /** A string attribute, up to its terminating NUL if it has one. */
    @Nullable String string(int type) {
        byte[] bytes = bytes(type);
        if (bytes == null) {
            return null;
        }
        int length = 0;
        while (length < bytes.length && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    int u32(int type, int absent) {
        ByteBuffer value = values.get(type);
        if (value == null) {
            return absent;
        }
        if (value.remaining() < 4) {
            throw new IllegalArgumentException("attribute " + type + " has " + value.remaining() + " bytes, not 4");
        }
        return value.getInt(0);
    }

    /** The attributes nested in {@code type}; none if it is absent. */
    Attributes nested(int type) {
        ByteBuffer value = values.get(type);
        return value == null ? NONE : parse(value, 0);
    }
}
