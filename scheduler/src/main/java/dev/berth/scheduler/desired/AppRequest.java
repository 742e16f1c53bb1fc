package dev.berth.scheduler.desired;

import dev.berth.scheduler.spec.ServiceSpec;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code POST /api/v1/apps}: an app's name and its services' specs by service name. */
public record AppRequest(@Nullable String name, @Nullable Map<String, ServiceSpec> services) {}
