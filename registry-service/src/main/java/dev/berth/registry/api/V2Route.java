package dev.berth.registry.api;

import dev.berth.registry.oci.RepositoryName;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What a path under {@code /v2/} addresses. Repository names contain slashes and may even contain components such
 * as {@code blobs} or {@code manifests}, so the path is read from its end, where the endpoint's fixed words are.
 */
sealed interface V2Route {

    /** {@code /v2/}: the API version check. */
    record Base() implements V2Route {}

    /** {@code /v2/_catalog}. */
    record Catalog() implements V2Route {}

    /** {@code /v2/<name>/tags/list}. */
    record Tags(RepositoryName name) implements V2Route {}

    /** {@code /v2/<name>/manifests/<reference>}. */
    record Manifest(RepositoryName name, String reference) implements V2Route {}

    /** {@code /v2/<name>/blobs/<digest>}. */
    record Blob(RepositoryName name, String digest) implements V2Route {}

    /** {@code /v2/<name>/blobs/uploads/}. */
    record UploadStart(RepositoryName name) implements V2Route {}

    /** {@code /v2/<name>/blobs/uploads/<uuid>}. */
    record Upload(RepositoryName name, String id) implements V2Route {}

    /** {@code /v2/<name>/referrers/<digest>}. */
    record Referrers(RepositoryName name, String digest) implements V2Route {}

    /** Anything else under {@code /v2/}. */
    record Unknown(String path) implements V2Route {}

    /**
     * @param path the request path as sent (percent-encoded), starting with {@code /v2}
     * @throws dev.berth.registry.oci.RepositoryName.InvalidNameException when the endpoint is recognised but the
     *     name is not valid
     */
    static V2Route parse(String path) {
        if (!path.equals("/v2") && !path.startsWith("/v2/")) {
            return new Unknown(path);
        }
        String rest = path.length() <= 4 ? "" : path.substring(4);
        if (rest.isEmpty()) {
            return new Base();
        }
        if (rest.equals("_catalog")) {
            return new Catalog();
        }
        List<String> segments = Arrays.stream(rest.split("/", -1)).map(V2Route::decode).toList();
        int n = segments.size();
        if (n >= 3 && segments.get(n - 2).equals("tags") && segments.get(n - 1).equals("list")) {
            return new Tags(name(segments, n - 2));
        }
        if (n >= 3 && segments.get(n - 2).equals("manifests") && !segments.get(n - 1).isEmpty()) {
            return new Manifest(name(segments, n - 2), segments.get(n - 1));
        }
        if (n >= 4 && segments.get(n - 3).equals("blobs") && segments.get(n - 2).equals("uploads")) {
            String id = segments.get(n - 1);
            return id.isEmpty() ? new UploadStart(name(segments, n - 3)) : new Upload(name(segments, n - 3), id);
        }
        if (n >= 3 && segments.get(n - 2).equals("blobs") && segments.get(n - 1).equals("uploads")) {
            return new UploadStart(name(segments, n - 2));
        }
        if (n >= 3 && segments.get(n - 2).equals("blobs") && !segments.get(n - 1).isEmpty()) {
            return new Blob(name(segments, n - 2), segments.get(n - 1));
        }
        if (n >= 3 && segments.get(n - 2).equals("referrers") && !segments.get(n - 1).isEmpty()) {
            return new Referrers(name(segments, n - 2), segments.get(n - 1));
        }
        return new Unknown(path);
    }

    private static RepositoryName name(List<String> segments, int end) {
        return new RepositoryName(String.join("/", segments.subList(0, end)));
    }

    private static String decode(String segment) {
        // Path segments: '+' is a plus sign here, not a space.
        return segment.indexOf('%') < 0 ? segment
                : URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
