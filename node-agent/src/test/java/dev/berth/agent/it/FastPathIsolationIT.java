package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The isolation contract on the fast launch path (procfs created for the container's PID namespace). */
@TestPropertySource(properties = {AgentIT.FAST_STATE, AgentIT.FAST_RUN, AgentIT.FAST_MODE})
class FastPathIsolationIT extends IsolationContract {
    @Test
    void theAgentReportsTheFastPath() {
        assertThat(api.get("/v1/info").json().path("launchMode").asString()).isEqualTo("fast");
    }
}
