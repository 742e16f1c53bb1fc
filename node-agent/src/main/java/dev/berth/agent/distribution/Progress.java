package dev.berth.agent.distribution;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.agent.image.Digest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One step of a pull or a push, as the API streams it (one JSON object per line). Layer steps carry {@code layer};
 * the first step lists the layers, and the last one is {@code pulled}/{@code pushed} or {@code error}.
 *
 * <table>
 *   <caption>statuses</caption>
 *   <tr><td>{@code resolved}</td><td>the manifest was found: {@code digest}, {@code layers} with their sizes</td></tr>
 *   <tr><td>{@code exists}</td><td>the layer is here already (pull) or in the registry already (push)</td></tr>
 *   <tr><td>{@code downloading}, {@code uploading}</td><td>{@code current} of {@code total} bytes so far</td></tr>
 *   <tr><td>{@code extracting}</td><td>the layer's bytes are verified; it is being unpacked</td></tr>
 *   <tr><td>{@code complete}</td><td>the layer is done</td></tr>
 *   <tr><td>{@code pulled}, {@code pushed}</td><td>the end: {@code id}, {@code reference}, {@code digest}</td></tr>
 *   <tr><td>{@code error}</td><td>the end: {@code error} says what went wrong</td></tr>
 * </table>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Progress(String status, @Nullable String layer, @Nullable Long current, @Nullable Long total,
                       @Nullable List<LayerSize> layers, @Nullable String id, @Nullable String reference,
                       @Nullable String digest, @Nullable String error) {

    /**
     * A layer of the image, as the first step lists it.
     *
     * @param present for a pull, whether the node has the layer already (it will not be fetched); null for a push
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LayerSize(String digest, long size, @Nullable Boolean present) {}

    static Progress resolved(String reference, Digest manifest, List<LayerSize> layers) {
        return new Progress("resolved", null, null, null, layers, null, reference, manifest.toString(), null);
    }

    static Progress layer(String status, Digest layer) {
        return new Progress(status, layer.toString(), null, null, null, null, null, null, null);
    }

    static Progress bytes(String status, Digest layer, long current, long total) {
        return new Progress(status, layer.toString(), current, total, null, null, null, null, null);
    }

    static Progress done(String status, Digest id, String reference, Digest manifest) {
        return new Progress(status, null, null, null, null, id.toString(), reference, manifest.toString(), null);
    }

    public static Progress failed(String message) {
        return new Progress("error", null, null, null, null, null, null, null, message);
    }

    /** Whether this is the last step. */
    public boolean last() {
        return status.equals("pulled") || status.equals("pushed") || status.equals("error");
    }
}
