package dev.berth.cli.gateway;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A token to create, as {@code POST /api/v1/tokens} takes it. The gateway fills in what is null: the caller's
 * tenant, the kind {@code service-account}, its default lifetime.
 *
 * @param expiresIn an ISO-8601 duration such as {@code P30D}
 */
public record TokenRequest(@Nullable String tenant, String principal, @Nullable String kind, List<String> scopes,
                           @Nullable String description, @Nullable String expiresIn) {}
