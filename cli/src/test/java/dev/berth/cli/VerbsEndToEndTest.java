package dev.berth.cli;

import static dev.berth.cli.FakeAgent.frame;
import static dev.berth.cli.FakeAgent.json;
import static dev.berth.cli.FakeAgent.noContent;
import static dev.berth.cli.FakeAgent.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.signal.SignalTrap;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verbs other than {@code run}, driven in-process against a fake agent, checked by what a user sees. */
class VerbsEndToEndTest {

    private static final String ID = "9a8b7c6d5e4f" + "1".repeat(52);

    @TempDir
    Path home;

    private FakeAgent agent;

    @BeforeEach
    void startAgent() throws Exception {
        agent = new FakeAgent();
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    private CliRun berth(String... args) {
        return CliRun.run(Map.of("BERTH_HOST", agent.url(), "HOME", home.toString()), args);
    }

    @Test
    void psPrintsDockersTable() {
        agent.on("GET", "/v1/containers", json(200, """
                [{"id": "%s", "name": "web", "image": "busybox:latest", "imageId": "sha256:aa",
                  "command": "/bin/sh -c 'while true; do date; sleep 1; done'", "created": "2026-11-27T11:59:57Z",
                  "state": "running", "status": "Up 3 seconds", "exitCode": null},
                 {"id": "0123456789abcdef", "name": "a-much-longer-name", "image": "sha256:feedfacecafebeef00",
                  "command": "true", "created": "2026-11-27T09:40:00Z", "state": "exited",
                  "status": "Exited (0) 2 hours ago", "exitCode": 0}]""".formatted(ID)));

        CliRun run = berth("ps", "-a");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(agent.first("GET", "/v1/containers").param("all")).isEqualTo("true");
        assertThat(run.out).isEqualTo("""
                CONTAINER ID   IMAGE            COMMAND                  CREATED         STATUS                   \
                PORTS     NAMES
                9a8b7c6d5e4f   busybox:latest   "/bin/sh -c 'while t…"   3 seconds ago   Up 3 seconds             \
                          web
                0123456789ab   feedfacecafe     "true"                   2 hours ago     Exited (0) 2 hours ago   \
                          a-much-longer-name
                """);
    }

    @Test
    void psQuietPrintsShortIdsOfRunningContainers() {
        agent.on("GET", "/v1/containers", json(200, "[{\"id\": \"" + ID + "\", \"name\": \"web\"}]"));

        CliRun run = berth("ps", "-q");

        assertThat(run.out).isEqualTo("9a8b7c6d5e4f\n");
        assertThat(agent.first("GET", "/v1/containers").param("all")).isNull();
    }

    @Test
    void anEmptyPsStillPrintsTheHeader() {
        agent.on("GET", "/v1/containers", json(200, "[]"));

        assertThat(berth("ps").out)
                .isEqualTo("CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n");
    }

    @Test
    void rmiPrintsWhatWasUntaggedAndDeletedAndGoesOnAfterAFailure() {
        agent.on("DELETE", "/v1/images/busybox%3Alatest", json(200,
                        "[{\"untagged\": \"busybox:latest\"}, {\"deleted\": \"sha256:" + ID + "\"}]"))
                .on("DELETE", "/v1/images/nosuch", problem(404, "no such image: nosuch", null))
                .on("DELETE", "/v1/images/registry%3A5000%2Fapp%3A1", json(200,
                        "[{\"untagged\": \"registry:5000/app:1\"}]"));

        CliRun run = berth("rmi", "busybox:latest", "nosuch", "registry:5000/app:1");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEqualTo("Untagged: busybox:latest\nDeleted: sha256:" + ID + "\n"
                + "Untagged: registry:5000/app:1\n");
        assertThat(run.err).isEqualTo("berth: Error response from agent: no such image: nosuch\n");
        assertThat(agent.first("DELETE", "/v1/images/busybox%3Alatest").param("force")).isNull();
    }

    @Test
    void rmiForceAsksTheAgentToForce() {
        agent.on("DELETE", "/v1/images/busybox", json(200, "[{\"untagged\": \"busybox:latest\"}]"));

        assertThat(berth("rmi", "-f", "busybox").exitCode).isZero();
        assertThat(agent.first("DELETE", "/v1/images/busybox").param("force")).isEqualTo("true");
    }

    @Test
    void importStreamsTheFileExactlyWithNameAndChanges() throws Exception {
        byte[] tar = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(tar);
        Path file = Files.write(home.resolve("rootfs.tar"), tar);
        agent.on("POST", "/v1/images/import", json(201,
                "{\"id\": \"sha256:" + ID + "\", \"tags\": [\"busybox:latest\"], \"layers\": [], \"size\": 1}"));

        CliRun run = berth("import", "-c", "CMD [\"sh\"]", "--change", "ENV A=1", file.toString(), "busybox:latest");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo("sha256:" + ID + "\n");
        FakeAgent.Request upload = agent.first("POST", "/v1/images/import");
        assertThat(upload.body()).isEqualTo(tar);
        assertThat(upload.contentType()).isEqualTo("application/x-tar");
        assertThat(upload.param("name")).isEqualTo("busybox:latest");
        assertThat(upload.query().get("changes")).containsExactly("CMD [\"sh\"]", "ENV A=1");
    }

    @Test
    void importReadsStdinForADash() {
        byte[] tar = "not really a tar, but the agent decides".getBytes();
        agent.on("POST", "/v1/images/import", json(201, "{\"id\": \"sha256:" + ID + "\"}"));

        CliRun run = CliRun.run(Map.of("BERTH_HOST", agent.url(), "HOME", home.toString()), SignalTrap.none(), tar,
                "import", "-");

        assertThat(run.exitCode).as(run.toString()).isZero();
        FakeAgent.Request upload = agent.first("POST", "/v1/images/import");
        assertThat(upload.body()).isEqualTo(tar);
        assertThat(upload.param("name")).isNull();
    }

    @Test
    void importOfAMissingFileSaysSo() {
        CliRun run = berth("import", home.resolve("missing.tar").toString());

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).isEqualTo("berth: open " + home.resolve("missing.tar") + ": no such file or directory\n");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void imagesShowsOneRowPerTagAndNoneForUntagged() {
        agent.on("GET", "/v1/images", json(200, """
                [{"id": "sha256:1111111111111111aaaa", "tags": [], "created": "2026-11-24T12:00:00Z",
                  "size": 1200000000, "layers": 3},
                 {"id": "sha256:2222222222222222bbbb", "tags": ["busybox:latest", "localhost:5000/tools/bb:1.36"],
                  "created": "2026-11-27T11:58:30Z", "size": 2140000, "layers": 1},
                 {"id": "sha256:3333333333333333cccc", "tags": ["tiny:1"], "created": "2026-11-27T11:00:00Z",
                  "size": 512000, "layers": 1}]"""));

        CliRun run = berth("images");

        assertThat(run.out).isEqualTo("""
                REPOSITORY                TAG       IMAGE ID       CREATED              SIZE
                busybox                   latest    222222222222   About a minute ago   2.14MB
                localhost:5000/tools/bb   1.36      222222222222   About a minute ago   2.14MB
                tiny                      1         333333333333   About an hour ago    512kB
                <none>                    <none>    111111111111   3 days ago           1.2GB
                """);
        assertThat(berth("images", "-q").out).isEqualTo("222222222222\n222222222222\n333333333333\n111111111111\n");
    }

    @Test
    void anUnknownVerbIsAnErrorThatListsTheVerbs() {
        CliRun run = berth("frobnicate");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).startsWith("berth: 'frobnicate' is not a berth command.\nSee 'berth --help'.\n")
                .contains("  run         Create and run a new container from an image\n")
                .contains("  rmi         Remove one or more images\n");
        assertThat(run.out).isEmpty();
    }

    @Test
    void anUnreachableAgentIsReportedWithWhereItWasLookedFor() throws Exception {
        String url = RunEndToEndTest.closedPortUrl();

        CliRun run = CliRun.run(Map.of("BERTH_HOST", url, "HOME", home.toString()), "ps");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).isEqualTo("berth: cannot reach the node agent at " + url
                + " (connection refused). Is it running? deploy/up.sh starts it.\n");
    }

    @Test
    void theConfigFileNamesTheAgentWhenTheEnvironmentDoesNot() throws Exception {
        Files.createDirectories(home.resolve(".berth"));
        Files.writeString(home.resolve(".berth/config.json"), "{\"host\": \"" + agent.url() + "\"}");
        agent.on("GET", "/v1/containers", json(200, "[]"));

        CliRun run = CliRun.run(Map.of("HOME", home.toString()), "ps", "-q");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(agent.requests()).hasSize(1);
    }

    @Test
    void withoutArgumentsOrWithHelpEveryVerbIsListed() {
        for (String[] args : new String[][] {{}, {"--help"}, {"help"}, {"-h"}}) {
            CliRun run = berth(args);
            assertThat(run.exitCode).isZero();
            assertThat(run.out).startsWith("Usage:  berth [OPTIONS] COMMAND\n");
            for (String verb : new String[] {"create", "images", "import", "info", "inspect", "kill", "logs",
                    "network", "port", "ps", "restart", "rm", "rmi", "run", "start", "stats", "stop", "version",
                    "wait"}) {
                assertThat(run.out).containsPattern("(?m)^  " + verb + " +\\S");
            }
        }
    }

    @Test
    void verbHelpShowsUsageAndFlags() {
        CliRun run = berth("run", "--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).startsWith("Usage:  berth run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
                        + "Create and run a new container from an image\n\nOptions:\n")
                .contains("  -d, --detach ")
                .contains("  -e, --env list ")
                .contains("      --rm ")
                .contains("  -h, --hostname string ");
        assertThat(berth("help", "ps").out).isEqualTo(berth("ps", "-h").out).contains("  -q, --quiet ");
    }

    @Test
    void usageErrorsPointAtTheHelpWithDockersExitCodes() {
        CliRun run = berth("run", "--foo", "busybox");
        assertThat(run.exitCode).isEqualTo(125);
        assertThat(run.err).isEqualTo("berth run: unknown flag: --foo\nSee 'berth run --help'.\n");

        CliRun ps = berth("ps", "--foo");
        assertThat(ps.exitCode).isEqualTo(1);
        assertThat(ps.err).isEqualTo("berth ps: unknown flag: --foo\nSee 'berth ps --help'.\n");

        CliRun stop = berth("stop");
        assertThat(stop.exitCode).isEqualTo(1);
        assertThat(stop.err).isEqualTo("berth stop: requires at least 1 argument.\nSee 'berth stop --help'.\n\n"
                + "Usage:  berth stop [OPTIONS] CONTAINER [CONTAINER...]\n\nStop one or more running containers\n");

        CliRun badTime = berth("stop", "-t", "soon", "web");
        assertThat(badTime.exitCode).isEqualTo(1);
        assertThat(badTime.err).startsWith("berth stop: invalid argument \"soon\" for \"-t, --time\" flag");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void multiTargetVerbsPrintEachRefAndReportEachFailure() {
        agent.on("POST", "/v1/containers/web/stop", noContent())
                .on("POST", "/v1/containers/db/stop", noContent())
                .on("POST", "/v1/containers/gone/stop", problem(404, "no such container: gone", null));

        CliRun run = berth("stop", "-t", "3", "web", "gone", "db");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEqualTo("web\ndb\n");
        assertThat(run.err).isEqualTo("berth: Error response from agent: no such container: gone\n");
        assertThat(agent.first("POST", "/web/stop").param("t")).isEqualTo("3");
    }

    @Test
    void killRmStartAndRestartPassTheirFlags() {
        agent.on("POST", "/v1/containers/web/(kill|start|restart)", noContent())
                .on("DELETE", "/v1/containers/web", noContent());

        assertThat(berth("kill", "-s", "HUP", "web").out).isEqualTo("web\n");
        assertThat(berth("rm", "-f", "web").out).isEqualTo("web\n");
        assertThat(berth("start", "web").out).isEqualTo("web\n");
        assertThat(berth("restart", "web").out).isEqualTo("web\n");
        assertThat(agent.first("POST", "/kill").param("signal")).isEqualTo("HUP");
        assertThat(agent.first("DELETE", "/web").param("force")).isEqualTo("true");
        assertThat(agent.first("POST", "/restart").param("t")).isNull();
    }

    @Test
    void waitPrintsExitCodes() {
        agent.on("POST", "/v1/containers/a/wait", json(200, "{\"exitCode\": 0}"))
                .on("POST", "/v1/containers/b/wait", json(200, "{\"exitCode\": 137, \"oomKilled\": true}"));

        CliRun run = berth("wait", "a", "b");

        assertThat(run.out).isEqualTo("0\n137\n");
        assertThat(agent.first("POST", "/a/wait").param("condition")).isEqualTo("not-running");
    }

    @Test
    void logsSplitsStdoutFromStderrAndPassesItsOptions() {
        agent.on("GET", "/v1/info", json(200, "{\"logs\": {\"service\": null}}"));
        agent.on("GET", "/v1/containers/web/logs", (request, exchange) -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(frame(1, "out 1\n"));
            body.write(frame(2, "err 1\n"));
            body.write(frame(1, "out 2\n"));
            FakeAgent.send(exchange, 200, "application/vnd.berth.multiplexed-stream", body.toByteArray());
        });

        CliRun run = berth("logs", "-ft", "--tail", "10", "--since=10m", "web");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo("out 1\nout 2\n");
        assertThat(run.err).isEqualTo("err 1\n");
        FakeAgent.Request logs = agent.first("GET", "/logs");
        assertThat(logs.query()).containsEntry("follow", java.util.List.of("true"))
                .containsEntry("timestamps", java.util.List.of("true"))
                .containsEntry("tail", java.util.List.of("10"))
                .containsEntry("since", java.util.List.of("10m"));
    }

    @Test
    void logsComeFromLogServiceWhereTheAgentShipsThere() throws Exception {
        try (FakeAgent logService = new FakeAgent()) {
            String id = "ab".repeat(32);
            agent.on("GET", "/v1/info", json(200, "{\"logs\": {\"service\": \"" + logService.url()
                            + "\", \"tenant\": \"default\", \"node\": \"n1\"}}"))
                    .on("GET", "/v1/containers/web", json(200, "{\"id\": \"" + id + "\", \"config\": {\"labels\": "
                            + "{\"berth.tenant\": \"acme\"}}, \"logShipping\": {\"stdout\": {\"written\": 12, "
                            + "\"shipped\": 12}}}"));
            logService.on("GET", "/api/v1/logs", (request, exchange) -> {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                body.write(frame(1, "out 1\n"));
                body.write(frame(2, "err 1\n"));
                FakeAgent.send(exchange, 200, "application/vnd.berth.multiplexed-stream", body.toByteArray());
            });

            CliRun run = berth("logs", "--grep", "1$", "--until", "5m", "--tail", "all", "web");

            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.out).isEqualTo("out 1\n");
            assertThat(run.err).isEqualTo("err 1\n");
            assertThat(agent.requests()).noneMatch(request -> request.path().endsWith("/logs"));
            FakeAgent.Request query = logService.first("GET", "/api/v1/logs");
            assertThat(query.query()).containsEntry("tenant", java.util.List.of("acme"))
                    .containsEntry("container", java.util.List.of(id))
                    .containsEntry("grep", java.util.List.of("1$"))
                    .containsEntry("until", java.util.List.of("5m"))
                    .containsEntry("tail", java.util.List.of("all"))
                    .doesNotContainKey("follow");
        }
    }

    @Test
    void anAppsLogsNeedLogService() {
        agent.on("GET", "/v1/info", json(200, "{\"logs\": {\"service\": null}}"));

        CliRun run = berth("logs", "--app", "shop");

        assertThat(run.exitCode).isNotZero();
        assertThat(run.err).contains("--app needs log-service");
    }

    @Test
    void aLogStreamThatIsRefusedShowsTheProblem() {
        agent.on("GET", "/v1/info", json(200, "{}"));
        agent.on("GET", "/v1/containers/nosuch/logs", problem(404, "no such container: nosuch", null));

        CliRun run = berth("logs", "nosuch");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).isEqualTo("berth: Error response from agent: no such container: nosuch\n");
        assertThat(run.out).isEmpty();
    }

    @Test
    void inspectTriesContainersThenImagesAndIndentsLikeDocker() {
        agent.on("GET", "/v1/containers/web", json(200, "{\"id\": \"c1\", \"args\": [], \"state\": {\"pid\": 42}}"))
                .on("GET", "/v1/containers/busybox", problem(404, "no such container: busybox", null))
                .on("GET", "/v1/images/busybox", json(200, "{\"id\": \"sha256:i1\", \"tags\": [\"busybox:latest\"]}"))
                .on("GET", "/v1/containers/nothing", problem(404, "no such container: nothing", null))
                .on("GET", "/v1/images/nothing", problem(404, "no such image: nothing", null));

        CliRun run = berth("inspect", "web", "busybox", "nothing");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEqualTo("""
                [
                    {
                        "id": "c1",
                        "args": [],
                        "state": {
                            "pid": 42
                        }
                    },
                    {
                        "id": "sha256:i1",
                        "tags": [
                            "busybox:latest"
                        ]
                    }
                ]
                """);
        assertThat(run.err).isEqualTo("Error: No such object: nothing\n");
    }

    @Test
    void statsNoStreamPrintsOneTable() {
        agent.on("GET", "/v1/containers", json(200, "[{\"id\": \"" + ID + "\", \"name\": \"web\"}]"))
                .on("GET", "/v1/containers/" + ID + "/stats", json(200, """
                        {"id": "%s", "name": "web", "cpuPercent": 49.8, "cpuNanos": 1234567,
                         "memoryUsage": 1258291, "memoryLimit": 67108864, "pids": 3, "pidsLimit": 100}"""
                        .formatted(ID)));

        CliRun run = berth("stats", "--no-stream");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo("""
                CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   PIDS
                9a8b7c6d5e4f   web       49.80%    1.2MiB / 64MiB      1.87%     0B / 0B   3
                """);
    }

    @Test
    void infoAndVersionShowTheAgent() {
        agent.on("GET", "/v1/info", json(200, """
                {"version": "0.1.0", "kernel": "6.18.44", "launchMode": "fast", "cgroupVersion": "v1",
                 "containers": 3, "running": 1, "images": 2, "cpus": 2, "memory": 25275346944}"""));

        CliRun info = berth("info");
        assertThat(info.exitCode).isZero();
        assertThat(info.out).contains(" Containers: 3\n  Running: 1\n  Stopped: 2\n Images: 2\n")
                .contains(" Kernel Version: 6.18.44\n").contains(" Total Memory: 23.54GiB\n");

        CliRun version = berth("version");
        assertThat(version.exitCode).isZero();
        assertThat(version.out).startsWith("Client:\n").contains("Server:\n Version:        0.1.0\n");
    }

    @Test
    void versionPrintsTheClientEvenWithoutAnAgent() throws Exception {
        CliRun run = CliRun.run(Map.of("BERTH_HOST", RunEndToEndTest.closedPortUrl(), "HOME", home.toString()),
                "version");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).startsWith("Client:\n Version: ");
        assertThat(run.err).contains("cannot reach the node agent");
    }

    @Test
    void theHostFlagWinsOverTheEnvironment() throws Exception {
        agent.on("GET", "/v1/containers", json(200, "[]"));

        CliRun run = CliRun.run(Map.of("BERTH_HOST", RunEndToEndTest.closedPortUrl(), "HOME", home.toString()),
                "-H", agent.url(), "ps");

        assertThat(run.exitCode).as(run.toString()).isZero();
    }

    @Test
    void aReaderThatLeavesEndsTheOutputQuietly() {
        byte[] lines = frame(1, "line\n".repeat(10_000));
        agent.on("GET", "/v1/info", json(200, "{}"));
        agent.on("GET", "/v1/containers/web/logs", (request, exchange) ->
                FakeAgent.send(exchange, 200, "application/vnd.berth.multiplexed-stream", lines));
        java.io.OutputStream closedPipe = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Berth berth = new Berth(new Console(java.io.InputStream.nullInputStream(), closedPipe, err),
                Map.of("BERTH_HOST", agent.url(), "HOME", home.toString()), SignalTrap.none(),
                java.time.Clock.systemUTC());

        int exitCode = berth.run("logs", "web");

        assertThat(exitCode).isEqualTo(141);
        assertThat(err.toString()).isEmpty();
    }
}
