package dev.berth.agent.api;

import dev.berth.agent.container.ExecRequest;
import dev.berth.agent.container.InvalidSpecException;
import dev.berth.agent.launch.UserSpec;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /v1/containers/{ref}/exec}, as received; {@link #toRequest} validates it once. */
record ExecCreateRequest(@Nullable List<String> cmd, @Nullable List<String> env, @Nullable String workingDir,
                         @Nullable String user, @Nullable Boolean tty, @Nullable Boolean stdin,
                         @Nullable Boolean detach) {

    ExecRequest toRequest() {
        UserSpec parsedUser;
        try {
            parsedUser = user == null || user.isEmpty() ? null : UserSpec.parse(user);
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException("user", e.getMessage());
        }
        return new ExecRequest(cmd == null ? List.of() : cmd, env == null ? List.of() : env, workingDir, parsedUser,
                Boolean.TRUE.equals(stdin), Boolean.TRUE.equals(tty), Boolean.TRUE.equals(detach));
    }
}
