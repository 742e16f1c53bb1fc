package dev.berth.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v1/networks}. Without a subnet the agent takes the next free one of its pool, without a
 * gateway the subnet's first address; both are passed as the user wrote them and the agent validates them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkSpec(String name, @Nullable String subnet, @Nullable String gateway) {
}
