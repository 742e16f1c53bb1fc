package dev.berth.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.http.Json;
import dev.berth.cli.http.Problem;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the scheduler is looked for, whose apps are acted on, and its problem details as one line. */
class ClusterSchedulerTest {

    @Test
    void theFlagThenTheEnvironmentThenTheAgentThenTheDefault() {
        Map<String, String> env = Map.of(SchedulerAddress.VARIABLE, "10.0.0.2:7740");
        assertThat(SchedulerAddress.resolve("http://flag:1", env, () -> "http://agent:3").toString())
                .isEqualTo("http://flag:1");
        assertThat(SchedulerAddress.resolve(null, env, () -> "http://agent:3").toString())
                .isEqualTo("http://10.0.0.2:7740");
        assertThat(SchedulerAddress.resolve(null, Map.of(), () -> "http://agent:3/").toString())
                .isEqualTo("http://agent:3");
        assertThat(SchedulerAddress.resolve(null, Map.of(), () -> null).toString())
                .isEqualTo("http://127.0.0.1:7740");
    }

    @Test
    void theAgentIsNotAskedWhenTheUserNamedTheScheduler() {
        assertThat(SchedulerAddress.resolve("s:1", Map.of(), () -> {
            throw new AssertionError("the agent was asked");
        }).toString()).isEqualTo("http://s:1");
    }

    @Test
    void theTenantFromTheFlagThenTheEnvironment() {
        assertThat(SchedulerAddress.tenant("acme", Map.of(SchedulerAddress.TENANT_VARIABLE, "other")))
                .isEqualTo("acme");
        assertThat(SchedulerAddress.tenant(null, Map.of(SchedulerAddress.TENANT_VARIABLE, "other")))
                .isEqualTo("other");
        assertThat(SchedulerAddress.tenant(null, Map.of())).isEqualTo("default");
    }

    @Test
    void anInvalidSpecListsEveryFault() {
        Problem problem = Json.mapper().readValue("""
                {"type": "https://berth.dev/problems/invalid-spec", "title": "Invalid spec", "status": 400,
                 "detail": "services.web.image: is required; services.web.replicas: must be 0 or more, not -1",
                 "instance": "/api/v1/apps", "field": "services.web.image",
                 "errors": [{"field": "services.web.image", "message": "is required"},
                            {"field": "services.web.replicas", "message": "must be 0 or more, not -1"}]}""",
                Problem.class);

        assertThat(new SchedulerError(400, problem).getMessage()).isEqualTo(
                "invalid spec: services.web.image: is required; services.web.replicas: must be 0 or more, not -1");
    }

    @Test
    void otherProblemsGiveTheirTitleAndDetail() {
        Problem notFound = Json.mapper().readValue("""
                {"type": "https://berth.dev/problems/not-found", "title": "Not found", "status": 404,
                 "detail": "no app 'shop'", "instance": "/api/v1/apps/shop", "field": "app"}""", Problem.class);

        assertThat(new SchedulerError(404, notFound).getMessage()).isEqualTo("not found: no app 'shop'");
        assertThat(new SchedulerError(502, Problem.ofStatus(502, null)).getMessage()).isEqualTo("error 502");
    }
}
