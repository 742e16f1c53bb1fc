package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The isolation contract on the portable launch path (a short-lived init JVM as PID 1), forced by configuration. */
@TestPropertySource(properties = {AgentIT.PORTABLE_STATE, AgentIT.PORTABLE_RUN, AgentIT.PORTABLE_MODE,
        AgentIT.PORTABLE_BRIDGE, AgentIT.PORTABLE_SUBNET, AgentIT.PORTABLE_POOL, AgentIT.PORTABLE_TABLE})
class PortablePathIsolationIT extends IsolationContract {
    @Test
    void theAgentReportsThePortablePath() {
        assertThat(api.get("/v1/info").json().path("launchMode").asString()).isEqualTo("portable");
    }
}
