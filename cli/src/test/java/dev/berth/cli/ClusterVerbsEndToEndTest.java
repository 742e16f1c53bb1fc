package dev.berth.cli;

import static dev.berth.cli.FakeAgent.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster verbs in-process against a fake scheduler (and a fake agent where the scheduler's address comes from
 * it), with answers shaped as the scheduler's: the requests they send and what they print.
 */
class ClusterVerbsEndToEndTest {

    @TempDir
    Path home;

    private FakeAgent scheduler;
    private FakeAgent agent;

    @BeforeEach
    void start() throws Exception {
        scheduler = new FakeAgent();
        agent = new FakeAgent();
    }

    @AfterEach
    void stop() {
        scheduler.close();
        agent.close();
    }

    private CliRun berth(Map<String, String> env, String... args) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("BERTH_HOST", agent.url());
        all.put("HOME", home.toString());
        return CliRun.run(all, args);
    }

    private CliRun berth(String... args) {
        return berth(Map.of("BERTH_SCHEDULER", scheduler.url()), args);
    }

    private static String app(String rollout, int version, String message) {
        return """
                {"tenant": "default", "name": "shop", "createdAt": "2026-11-27T11:00:00Z",
                 "services": [{"name": "web", "version": %d, "spec": {"image": "busybox:1", "replicas": 2},
                               "rollout": "%s", "rolloutMessage": "%s", "replicas": 2, "running": 2, "pending": 0}]}
                """.formatted(version, rollout, message);
    }

    @Test
    void deployWaitFollowsTheRolloutAndFailsWhenTheSchedulerRollsItBack() {
        scheduler.on("POST", "/api/v1/apps/shop/deploy", json(200, """
                {"app": "shop", "service": "web", "version": 2, "reason": "deploy busybox:2",
                 "rollout": "progressing"}"""));
        AtomicInteger polls = new AtomicInteger();
        scheduler.on("GET", "/api/v1/apps/shop", (request, exchange) -> json(200, polls.incrementAndGet() < 3
                ? app("progressing", 2, "rolling out version 2")
                : app("rolled-back", 3, "replica 7 failed: exit code 1")).respond(request, exchange));

        CliRun run = berth("deploy", "shop", "--image", "busybox:2", "--wait");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.out).isEqualTo("shop/web version 2: deploy busybox:2 (rollout progressing)\n"
                + "shop/web rollout rolled-back: replica 7 failed: exit code 1\n");
        assertThat(run.err).isEqualTo("berth: rollout of version 2 was rolled back; version 3 is current\n");
        assertThat(scheduler.first("POST", "/deploy").bodyText())
                .isEqualTo("{\"image\":\"busybox:2\"}");
        assertThat(scheduler.first("POST", "/deploy").param("tenant")).isEqualTo("default");
        assertThat(polls.get()).isEqualTo(3);
    }

    @Test
    void rollbackAndScaleSendTheirBodiesForTheTenant() {
        scheduler.on("POST", "/api/v1/apps/shop/rollback", json(200, """
                {"app": "shop", "service": "web", "version": 4, "reason": "rollback to version 1",
                 "rollout": "progressing"}"""));
        scheduler.on("POST", "/api/v1/apps/shop/services/(web|api)/scale", json(200, """
                {"app": "shop", "service": "web", "version": 5, "reason": "scaled to 3", "rollout": "none"}"""));

        CliRun rollback = berth("rollback", "shop", "--service", "web", "--version", "1", "--tenant", "acme");
        CliRun scale = berth(Map.of("BERTH_SCHEDULER", scheduler.url(), "BERTH_TENANT", "team"),
                "service", "scale", "shop/web=3", "shop/api=0");

        assertThat(rollback.out).isEqualTo("shop/web version 4: rollback to version 1 (rollout progressing)\n");
        assertThat(scheduler.first("POST", "/rollback").bodyText()).isEqualTo("{\"service\":\"web\",\"version\":1}");
        assertThat(scheduler.first("POST", "/rollback").param("tenant")).isEqualTo("acme");
        assertThat(scale.exitCode).as(scale.toString()).isZero();
        assertThat(scale.out).isEqualTo("shop/web scaled to 3 (version 5)\nshop/api scaled to 0 (version 5)\n");
        assertThat(scheduler.first("POST", "/web/scale").bodyText()).isEqualTo("{\"replicas\":3}");
        assertThat(scheduler.first("POST", "/api/scale").bodyText()).isEqualTo("{\"replicas\":0}");
        assertThat(scheduler.first("POST", "/api/scale").param("tenant")).isEqualTo("team");
    }

    @Test
    void withoutFlagOrVariableTheSchedulerIsWhereTheAgentSaysItIs() {
        agent.on("GET", "/v1/info", json(200, "{\"version\": \"0.1.0\", \"cluster\": {\"scheduler\": \""
                + scheduler.url() + "\"}}"));
        scheduler.on("GET", "/api/v1/nodes", json(200, "[]"));

        CliRun run = berth(Map.of(), "node", "ls");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo("ID        ADDRESS   STATUS    AVAILABILITY   CPU       MEMORY    REPLICAS\n");
        assertThat(scheduler.requests()).hasSize(1);
    }

    @Test
    void appCreateSendsTheFileOrTheFlagsAsTheCreateBody() throws Exception {
        scheduler.on("POST", "/api/v1/apps", json(201, """
                {"tenant": "default", "name": "shop", "createdAt": "2026-11-27T11:00:00Z", "services": []}"""));
        Path file = home.resolve("shop.json");
        java.nio.file.Files.writeString(file, "{\"services\": {\"api\": {\"image\": \"api:1\"}}}");

        CliRun fromFile = berth("app", "create", "shop", "-f", file.toString());
        CliRun fromFlags = berth("app", "create", "shop", "--image", "busybox:1", "--service", "front",
                "--replicas", "3", "-e", "A=1", "-p", "8080:80", "--cpus", "0.25", "-m", "32m");
        CliRun both = berth("app", "create", "shop", "-f", file.toString(), "--replicas", "2");
        CliRun missing = berth("app", "create", "shop", "-f", home.resolve("nope.json").toString());

        assertThat(fromFile.exitCode).as(fromFile.toString()).isZero();
        assertThat(fromFile.out).isEqualTo("shop\n");
        assertThat(scheduler.requests().get(0).bodyText())
                .isEqualTo("{\"name\":\"shop\",\"services\":{\"api\":{\"image\":\"api:1\"}}}");
        assertThat(fromFlags.exitCode).as(fromFlags.toString()).isZero();
        assertThat(scheduler.requests().get(1).bodyText()).isEqualTo("{\"name\":\"shop\",\"services\":{\"front\":"
                + "{\"image\":\"busybox:1\",\"replicas\":3,\"env\":{\"A\":\"1\"},\"resources\":{\"cpu\":"
                + "{\"request\":\"0.25\",\"limit\":\"0.25\"},\"memory\":{\"request\":\"33554432\",\"limit\":"
                + "\"33554432\"}},\"ports\":[{\"container\":80,\"host\":8080,\"protocol\":\"tcp\"}]}}}");
        assertThat(both.exitCode).isEqualTo(1);
        assertThat(both.err).startsWith("berth app create: --replicas describes a service of its own");
        assertThat(missing.exitCode).isEqualTo(1);
        assertThat(missing.err).isEqualTo("berth: no such spec file: " + home.resolve("nope.json") + "\n");
        assertThat(scheduler.requests()).hasSize(2);
    }

    @Test
    void aScaleSpecifierThatDoesNotParseSendsNothing() {
        CliRun run = berth("service", "scale", "shop/web=3", "shop/api");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).startsWith("berth service scale: invalid scale specifier \"shop/api\"");
        assertThat(scheduler.requests()).isEmpty();
    }
}
