package dev.berth.registry.upload;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a PATCH chunk goes, from its {@code Content-Range}: the spec's {@code first-last} (inclusive), also taken in
 * the HTTP form {@code bytes first-last/total} that some clients send.
 */
public record ChunkRange(long first, long last) {
    private static final Pattern FORM = Pattern.compile("(?:bytes[ =])?\\s*(\\d{1,18})-(\\d{1,18})(?:/(?:\\d+|\\*))?");

    public static ChunkRange parse(String header) {
        Matcher matcher = FORM.matcher(header.trim());
        if (!matcher.matches()) {
            throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "Content-Range '" + header
                    + "' is not of the form <first>-<last>");
        }
        long first = Long.parseLong(matcher.group(1));
        long last = Long.parseLong(matcher.group(2));
        if (last < first) {
            throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "Content-Range '" + header
                    + "' ends before it starts");
        }
        return new ChunkRange(first, last);
    }

    public long length() {
        return last - first + 1;
    }
}
