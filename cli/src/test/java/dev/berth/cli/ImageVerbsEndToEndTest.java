package dev.berth.cli;

import static dev.berth.cli.FakeAgent.json;
import static dev.berth.cli.FakeAgent.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.signal.SignalTrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** commit, diff, history, tag, save and load, in-process against a fake agent, checked by what a user sees. */
class ImageVerbsEndToEndTest {

    private static final String ID = "sha256:" + "4e".repeat(32);
    private static final String BASE = "sha256:" + "b5".repeat(32);

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
    void commitSendsTheNameMessageAndChangesAndPrintsTheId() {
        agent.on("POST", "/v1/containers/web/commit", json(201, "{\"id\": \"" + ID + "\"}"));

        CliRun run = berth("commit", "-m", "fix the config", "-c", "CMD [\"echo\",\"committed\"]", "--change",
                "EXPOSE 80", "web", "registry:5000/app:2");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo(ID + "\n");
        FakeAgent.Request request = agent.first("POST", "/v1/containers/web/commit");
        assertThat(request.param("repo")).isEqualTo("registry:5000/app:2");
        assertThat(request.param("comment")).isEqualTo("fix the config");
        assertThat(request.query().get("changes")).containsExactly("CMD [\"echo\",\"committed\"]", "EXPOSE 80");
        assertThat(request.param("pause")).isNull();
    }

    @Test
    void commitWithoutANameMakesAnUntaggedImageAndCanSkipThePause() {
        agent.on("POST", "/v1/containers/web/commit", json(201, "{\"id\": \"" + ID + "\"}"));

        assertThat(berth("commit", "--pause=false", "web").exitCode).isZero();
        FakeAgent.Request request = agent.first("POST", "/v1/containers/web/commit");
        assertThat(request.param("repo")).isNull();
        assertThat(request.param("comment")).isNull();
        assertThat(request.param("pause")).isEqualTo("false");
    }

    @Test
    void commitOfAnUnknownContainerSaysSo() {
        agent.on("POST", "/v1/containers/nosuch/commit", problem(404, "no such container: nosuch", null));

        CliRun run = berth("commit", "nosuch", "x:1");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).isEqualTo("berth: Error response from agent: no such container: nosuch\n");
    }

    @Test
    void diffPrintsOneKindAndPathALine() {
        agent.on("GET", "/v1/containers/web/changes", json(200, """
                [{"kind": "C", "path": "/etc"}, {"kind": "D", "path": "/etc/group"},
                 {"kind": "A", "path": "/srv"}]"""));

        CliRun run = berth("diff", "web");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo("C /etc\nD /etc/group\nA /srv\n");
    }

    @Test
    void historyPrintsDockersTableNewestFirst() {
        agent.on("GET", "/v1/images/web%3A2/history", json(200, """
                [{"id": "%s", "tags": ["web:2"], "created": "2026-11-27T11:59:30Z",
                  "createdBy": "sh -c echo hello > /srv/index.html && chmod 644 /srv/index.html",
                  "size": 6, "comment": "first page", "emptyLayer": false},
                 {"id": null, "tags": [], "created": "2026-11-24T12:00:00Z", "createdBy": "berth import",
                  "size": 2140000, "comment": "", "emptyLayer": false}]""".formatted(ID)));

        CliRun run = berth("history", "web:2");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo("""
                IMAGE          CREATED          CREATED BY                                      SIZE      COMMENT
                4e4e4e4e4e4e   30 seconds ago   sh -c echo hello > /srv/index.html && chmod …   6B        first page
                <missing>      3 days ago       berth import                                    2.14MB    \n""");
    }

    @Test
    void historyNoTruncShowsFullIdsAndCommands() {
        agent.on("GET", "/v1/images/web/history", json(200, """
                [{"id": "%s", "created": "2026-11-27T11:59:30Z", "createdBy": "%s", "size": 0, "comment": ""}]"""
                .formatted(ID, "x".repeat(60))));

        CliRun run = berth("history", "--no-trunc", "web");

        assertThat(run.out).contains(ID).contains("x".repeat(60)).contains("0B");
        assertThat(berth("history", "-q", "web").out).isEqualTo("4e4e4e4e4e4e\n");
    }

    @Test
    void tagAsksTheAgentForTheTargetName() {
        agent.on("POST", "/v1/images/busybox/tag", json(201, "{\"id\": \"" + ID + "\", \"tag\": \"mine:1\"}"));

        CliRun run = berth("tag", "busybox", "mine:1");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEmpty();
        assertThat(agent.first("POST", "/v1/images/busybox/tag").param("repo")).isEqualTo("mine:1");
        assertThat(berth("tag", "busybox").exitCode).isEqualTo(1);
    }

    @Test
    void saveWritesTheArchiveToAFileOrToStdout() throws Exception {
        byte[] archive = new byte[2 * 1024 * 1024 + 5];
        new Random(7).nextBytes(archive);
        agent.on("GET", "/v1/images/save", (request, exchange) ->
                FakeAgent.send(exchange, 200, "application/x-tar", archive));
        Path file = home.resolve("images.tar");

        CliRun toFile = berth("save", "-o", file.toString(), "busybox", "web:2");

        assertThat(toFile.exitCode).as(toFile.toString()).isZero();
        assertThat(file).hasBinaryContent(archive);
        assertThat(agent.first("GET", "/v1/images/save").query().get("names")).containsExactly("busybox", "web:2");
        java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        int exit = new Berth(new Console(java.io.InputStream.nullInputStream(), stdout, java.io.OutputStream
                .nullOutputStream()), Map.of("BERTH_HOST", agent.url(), "HOME", home.toString()), SignalTrap.none(),
                java.time.Clock.systemUTC()).run(new String[] {"save", "busybox"});
        assertThat(exit).isZero();
        assertThat(stdout.toByteArray()).isEqualTo(archive);
    }

    @Test
    void aFailedSaveLeavesNoFile() {
        agent.on("GET", "/v1/images/save", problem(404, "no such image: nosuch", null));
        Path file = home.resolve("images.tar");

        CliRun run = berth("save", "-o", file.toString(), "nosuch");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).isEqualTo("berth: Error response from agent: no such image: nosuch\n");
        assertThat(file).doesNotExist();
    }

    @Test
    void loadStreamsTheFileAndPrintsWhatItLoaded() throws Exception {
        byte[] archive = new byte[1024 * 1024 + 3];
        new Random(9).nextBytes(archive);
        Path file = Files.write(home.resolve("images.tar"), archive);
        agent.on("POST", "/v1/images/load", json(200, """
                [{"id": "%s", "tags": ["web:2", "web:latest"]}, {"id": "%s", "tags": []}]""".formatted(ID, BASE)));

        CliRun run = berth("load", "-i", file.toString());

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo("Loaded image: web:2\nLoaded image: web:latest\nLoaded image ID: " + BASE
                + "\n");
        FakeAgent.Request upload = agent.first("POST", "/v1/images/load");
        assertThat(upload.body()).isEqualTo(archive);
        assertThat(upload.contentType()).isEqualTo("application/x-tar");
    }

    @Test
    void loadReadsStdinAndReportsARefusal() {
        byte[] archive = "not an archive".getBytes();
        agent.on("POST", "/v1/images/load", problem(400, "not a tar archive: the first 512 bytes are not a tar"
                + " header (bad checksum)", null));

        CliRun run = CliRun.run(Map.of("BERTH_HOST", agent.url(), "HOME", home.toString()), SignalTrap.none(),
                archive, "load");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).startsWith("berth: Error response from agent: not a tar archive");
        assertThat(agent.first("POST", "/v1/images/load").body()).isEqualTo(archive);
        assertThat(berth("load", "-i", home.resolve("missing.tar").toString()).err)
                .isEqualTo("berth: open " + home.resolve("missing.tar") + ": no such file or directory\n");
    }

    @Test
    void theNewVerbsAreListedInTheHelp() {
        CliRun run = berth("--help");

        for (String verb : new String[] {"commit", "diff", "history", "load", "save", "tag"}) {
            assertThat(run.out).containsPattern("(?m)^  " + verb + " +\\S");
        }
        assertThat(berth("commit", "--help").out).startsWith(
                "Usage:  berth commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]\n");
    }
}
