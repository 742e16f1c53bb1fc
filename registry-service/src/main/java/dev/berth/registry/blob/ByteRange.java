package dev.berth.registry.blob;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One range of a blob's bytes, from a request's {@code Range} header (RFC 9110): {@code bytes=first-last},
 * {@code bytes=first-} or {@code bytes=-suffixLength}.
 */
public record ByteRange(long start, long length) {

    public ByteRange {
        if (start < 0 || length < 1) {
            throw new IllegalArgumentException("a byte range starts at 0 or later and has at least one byte");
        }
    }

    public long end() {
        return start + length - 1;
    }

    /** The {@code Content-Range} of a 206 answer. */
    public String contentRange(long size) {
        return "bytes " + start + "-" + end() + "/" + size;
    }

    /**
     * The range a {@code Range} header asks for in a blob of {@code size} bytes; empty when the whole blob is to be
     * sent: no header, a header that is not a single byte range (RFC 9110 lets a server ignore those), or one that
     * covers the whole blob anyway.
     *
     * @throws RangeNotSatisfiableException when the range starts past the end
     */
    public static Optional<ByteRange> parse(@Nullable String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return Optional.empty();
        }
        String spec = value.substring(6).trim();
        if (spec.contains(",")) {
            return Optional.empty();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        long start;
        long end;
        try {
            if (first.isEmpty()) {
                if (last.isEmpty()) {
                    return Optional.empty();
                }
                long suffix = parseDigits(last);
                if (suffix == 0 || size == 0) {
                    throw new RangeNotSatisfiableException(header, size);
                }
                start = Math.max(0, size - suffix);
                end = size - 1;
            } else {
                start = parseDigits(first);
                end = last.isEmpty() ? Long.MAX_VALUE : parseDigits(last);
                if (end < start) {
                    return Optional.empty(); // not a valid range at all: ignored, as RFC 9110 says
                }
                if (start >= size) {
                    throw new RangeNotSatisfiableException(header, size);
                }
                end = Math.min(end, size - 1);
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (start == 0 && end == size - 1) {
            return Optional.empty();
        }
        return Optional.of(new ByteRange(start, end - start + 1));
    }

    private static long parseDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw new NumberFormatException(text);
            }
        }
        return Long.parseLong(text);
    }

    /** A range that starts at or past the end of the blob: 416, with the blob's size in Content-Range. */
    public static final class RangeNotSatisfiableException extends RegistryException {
        private final long size;

        RangeNotSatisfiableException(String header, long size) {
            super(ErrorCode.RANGE_INVALID, "range '" + header + "' is outside the blob's " + size + " bytes",
                    Map.of("size", size));
            this.size = size;
        }

        public long size() {
            return size;
        }
    }
}
