package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Interactive stdio over the attach WebSocket: a stdin pipe, a terminal of the container's own devpts. */
class ConsoleIT extends FastAgentIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void stdinReachesTheContainerAndItsEndClosesIt() throws Exception {
        String id = api.create(Map.of("image", "busybox", "cmd", List.of("cat"), "stdin", true, "logStdin", true),
                false);
        try (AttachClient attach = AttachClient.open(port, "/v1/containers/" + id + "/attach?stdin=1&logs=1")) {
            assertThat(api.post("/v1/containers/" + id + "/start").status()).isEqualTo(204);
            attach.stdin("hi\n");
            attach.endOfInput();

            assertThat(attach.exitCode(TIMEOUT)).isZero();
            assertThat(attach.stdout()).isEqualTo("hi\n");
        }
        // Logged: what was typed is in the log as stream 0, and the output as stream 1.
        List<ApiClient.Frame> frames = api.logs(id, "stdin=1");
        assertThat(frames).extracting(ApiClient.Frame::stream).contains(0, 1);
        assertThat(frames.stream().filter(f -> f.stream() == 0).map(ApiClient.Frame::text).toList())
                .containsExactly("hi\n");
        api.delete("/v1/containers/" + id + "?force=true");
    }

    @Test
    void aTerminalContainerHasPts0AsItsControllingTerminalAndFollowsResizes() throws Exception {
        String id = api.create(Map.of("image", "busybox", "cmd", List.of("sh"), "stdin", true, "tty", true), false);
        assertThat(api.post("/v1/containers/" + id + "/resize?h=30&w=100").status()).isEqualTo(204);
        try (AttachClient attach = AttachClient.open(port, "/v1/containers/" + id + "/attach?stdin=1")) {
            assertThat(api.post("/v1/containers/" + id + "/start").status()).isEqualTo(204);
            attach.stdin("tty; stty size; echo pgrp-$(cat /proc/self/stat | cut -d' ' -f8)\n");
            attach.awaitStdout("30 100", TIMEOUT);
            assertThat(attach.stdout()).contains("/dev/pts/0");

            attach.resize(40, 120);
            attach.stdin("stty size\n");
            attach.awaitStdout("40 120", TIMEOUT);

            // ^C through the line discipline: sleep (the foreground group) dies, the shell stays.
            attach.stdin("sleep 100\n");
            Thread.sleep(300);
            attach.send(0, new byte[] {3});
            attach.stdin("echo still-$((40+2))\n");
            attach.awaitStdout("still-42", TIMEOUT);

            attach.stdin("exit 3\n");
            assertThat(attach.exitCode(TIMEOUT)).isEqualTo(3);
        }
        // The terminal's output is in the log too.
        assertThat(ApiClient.text(api.logs(id, ""))).contains("/dev/pts/0");
        api.delete("/v1/containers/" + id + "?force=true");
    }

    @Test
    void anExecWithATerminalGetsOneOfTheContainersPtys() throws Exception {
        String id = api.create(Map.of("image", "busybox", "cmd", List.of("sleep", "1000")), true);
        try {
            ApiClient.Response created = api.post("/v1/containers/" + id + "/exec",
                    Map.of("cmd", List.of("sh"), "tty", true, "stdin", true));
            String exec = created.json().path("id").asString();
            assertThat(api.post("/v1/exec/" + exec + "/resize?h=33&w=91").status()).isEqualTo(204);
            try (AttachClient attach = AttachClient.open(port, "/v1/exec/" + exec + "/attach")) {
                attach.stdin("tty; stty size; exit 5\n");
                assertThat(attach.exitCode(TIMEOUT)).isEqualTo(5);
                assertThat(attach.stdout()).contains("/dev/pts/0").contains("33 91");
            }
        } finally {
            api.delete("/v1/containers/" + id + "?force=true");
        }
    }

    @Test
    void attachingToAnUnknownContainerClosesWith4404() throws Exception {
        try (AttachClient attach = AttachClient.open(port, "/v1/containers/no-such-box/attach")) {
            assertThat(attach.closeStatus(TIMEOUT)).startsWith("4404 no such container");
        }
    }
}
