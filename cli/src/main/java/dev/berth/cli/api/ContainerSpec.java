package dev.berth.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v1/containers}. Absent values are left out of the JSON so that the agent applies the
 * image's or its own defaults; the limits are passed as the user wrote them and the agent validates them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerSpec(
        @Nullable String name,
        String image,
        @Nullable List<String> cmd,
        @Nullable List<String> entrypoint,
        @Nullable List<String> env,
        @Nullable String workingDir,
        @Nullable String user,
        @Nullable String hostname,
        @Nullable String memory,
        @Nullable BigDecimal cpus,
        @Nullable Integer pidsLimit,
        @Nullable Boolean init,
        @Nullable String network,
        @Nullable List<PortSpec> ports,
        @Nullable Boolean autoRemove,
        @Nullable Boolean stdin,
        @Nullable Boolean tty,
        @Nullable Boolean logStdin,
        @Nullable Map<String, String> labels) {

    public ContainerSpec {
        if (image.isBlank()) {
            throw new IllegalArgumentException("a container needs an image");
        }
    }
}
