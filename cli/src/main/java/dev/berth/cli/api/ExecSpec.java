package dev.berth.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /v1/containers/{ref}/exec}; absent values mean the container's own. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecSpec(List<String> cmd, @Nullable List<String> env, @Nullable String workingDir,
                       @Nullable String user, boolean tty, boolean stdin, boolean detach) {}
