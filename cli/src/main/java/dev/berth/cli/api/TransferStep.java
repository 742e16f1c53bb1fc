package dev.berth.cli.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One line of a pull's or push's progress stream: a layer's step ({@code layer} set), the first step listing the
 * layers, or the last one ({@code pulled}, {@code pushed} or {@code error}). See the agent's API document.
 */
public record TransferStep(String status, @Nullable String layer, @Nullable Long current, @Nullable Long total,
                           @Nullable List<Layer> layers, @Nullable String id, @Nullable String reference,
                           @Nullable String digest, @Nullable String error) {

    /** A layer and its size in bytes, as it travels; for a pull, whether the node has it already. */
    public record Layer(String digest, long size, @Nullable Boolean present) {}

    public boolean last() {
        return status.equals("pulled") || status.equals("pushed") || status.equals("error");
    }
}
