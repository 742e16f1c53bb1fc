package dev.berth.cli.cluster;

import dev.berth.cli.http.AgentAddress;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Where the scheduler is and whose apps the verbs act on. The address comes from {@code --scheduler}, else
 * {@code $BERTH_SCHEDULER}, else what the node agent's {@code GET /v1/info} reports as {@code cluster.scheduler},
 * else the scheduler's default, loopback port 7740 (as {@code deploy/up.sh} starts it). The tenant comes from
 * {@code --tenant}, else {@code $BERTH_TENANT}, else {@code default}.
 */
public final class SchedulerAddress {

    public static final String DEFAULT = "http://127.0.0.1:7740";
    public static final String VARIABLE = "BERTH_SCHEDULER";
    public static final String TENANT_VARIABLE = "BERTH_TENANT";
    public static final String DEFAULT_TENANT = "default";

    private SchedulerAddress() {
    }

    /**
     * @param fromAgent asks the node agent; it answers null when the agent does not know or cannot be reached, for
     *     the agent is only a hint here
     */
    public static AgentAddress resolve(@Nullable String flag, Map<String, String> env,
                                       Supplier<@Nullable String> fromAgent) {
        if (flag != null && !flag.isBlank()) {
            return AgentAddress.parse(flag);
        }
        String variable = env.get(VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return AgentAddress.parse(variable);
        }
        String reported = fromAgent.get();
        return AgentAddress.parse(reported != null && !reported.isBlank() ? reported : DEFAULT);
    }

    public static String tenant(@Nullable String flag, Map<String, String> env) {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        String variable = env.get(TENANT_VARIABLE);
        return variable != null && !variable.isBlank() ? variable : DEFAULT_TENANT;
    }
}
