package dev.berth.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One port to publish, as the {@code ports} of a create request ({@code -p}). An absent host address publishes on
 * every address of the host, an absent host port lets the agent choose a free one at each start.
 *
 * @param hostIp the host address to listen on, or null for all
 * @param hostPort the host port, or null (or 0) for a free one
 * @param containerPort the port inside the container, 1-65535
 * @param protocol {@code tcp} or {@code udp}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PortSpec(@Nullable String hostIp, @Nullable Integer hostPort, int containerPort, String protocol) {
}
