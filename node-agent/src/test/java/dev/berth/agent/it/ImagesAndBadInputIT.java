package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Images shared by containers, and every kind of bad input refused with a clear error and nothing half-made. */
class ImagesAndBadInputIT extends FastAgentIT {
    @TempDir
    Path temp;

    @Test
    void twoContainersOfOneImageShareItsLayersAndNotTheirWrites() throws IOException {
        String a = api.create(Map.of("image", "busybox", "cmd", List.of("sh", "-c",
                "echo from-a > /written-by-a; sleep 1000")), true);
        String b = api.create(Map.of("image", "busybox", "cmd", List.of("sh", "-c",
                "sleep 0.5; ls /written-by-a 2>&1; sleep 1000")), true);
        try {
            LimitsIT.sleep(java.time.Duration.ofSeconds(1));
            JsonNode rootA = api.inspect(a).path("rootfs");
            JsonNode rootB = api.inspect(b).path("rootfs");
            assertThat(rootA.path("lowerDirs")).isEqualTo(rootB.path("lowerDirs"));
            assertThat(rootA.path("upperDir")).isNotEqualTo(rootB.path("upperDir"));
            // The kernel's view: both overlays name the same lowerdir.
            String layer = rootA.path("lowerDirs").get(0).asString();
            for (String id : List.of(a, b)) {
                int pid = api.inspect(id).path("state").path("pid").asInt();
                assertThat(Files.readString(Path.of("/proc/" + pid + "/mountinfo")))
                        .contains("lowerdir=" + layer + ",");
            }
            assertThat(ApiClient.text(api.logs(b, ""))).contains("No such file or directory");
            assertThat(Path.of(rootA.path("upperDir").asString(), "written-by-a")).hasContent("from-a");
            assertThat(Path.of(layer, "written-by-a")).doesNotExist();
        } finally {
            api.delete("/v1/containers/" + a + "?force=true");
            api.delete("/v1/containers/" + b + "?force=true");
        }
    }

    @Test
    void anUnknownImageIs404() {
        ApiClient.Response response = api.post("/v1/containers", Map.of("image", "nosuchimage:1"));
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.detail()).isEqualTo("no such image: nosuchimage:1");
        response = api.post("/v1/containers", Map.of("image", "busybox", "network", "nosuchnet"));
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.detail()).isEqualTo("no such network: nosuchnet");
    }

    @Test
    void badLimitsAreRefusedWithTheFieldNamed() {
        assertRefused(Map.of("memory", "64potatoes"), 400, "memory", "invalid size '64potatoes'");
        assertRefused(Map.of("memory", "1m"), 400, "memory", "minimum memory limit allowed is 6MB");
        assertRefused(Map.of("cpus", 64), 400, "cpus", "range of CPUs is from 0.01");
        assertRefused(Map.of("pidsLimit", -5), 400, "pidsLimit", "positive");
        assertRefused(Map.of("user", "a b"), 400, "user", "invalid user");
        assertRefused(Map.of("workingDir", "relative"), 400, "workingDir", "absolute");
        assertRefused(Map.of("ports", List.of(Map.of("containerPort", 70000))), 400, "ports",
                "container port 70000 is not 1-65535");
        assertRefused(Map.of("ports", List.of(Map.of("hostIp", "10.1.2", "containerPort", 80))), 400, "ports",
                "'10.1.2' is not an IPv4 address");
        assertRefused(Map.of("ports", List.of(Map.of("containerPort", 80, "protocol", "sctp"))), 400, "ports",
                "protocol 'sctp' is not tcp or udp");
        assertRefused(Map.of("network", "none", "ports", List.of(Map.of("containerPort", 80))), 400, "ports",
                "cannot be published with --network none");
        assertRefused(Map.of("ports", List.of(Map.of("hostPort", 9, "containerPort", 80),
                Map.of("hostIp", "127.0.0.1", "hostPort", 9, "containerPort", 81))), 400, "ports",
                "published twice");
        assertRefused(Map.of("ports", List.of(Map.of("hostIp", "192.0.2.1", "hostPort", 8080, "containerPort", 80))),
                400, "ports", "192.0.2.1 is not an address of this host");
    }

    private void assertRefused(Map<String, Object> extra, int status, String field, String message) {
        int before = api.get("/v1/containers?all=true").json().size();
        Map<String, Object> spec = new HashMap<>(extra);
        spec.put("image", "busybox");
        spec.put("cmd", List.of("true"));
        ApiClient.Response response = api.post("/v1/containers", spec);
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().path("field").asString()).isEqualTo(field);
        assertThat(response.detail()).contains(message);
        assertThat(api.get("/v1/containers?all=true").json().size()).isEqualTo(before);
    }

    @Test
    void aDuplicateNameIsAConflictAndTheFirstContainerIsUntouched() {
        String name = "dup-" + System.nanoTime();
        String first = api.create(Map.of("image", "busybox", "name", name, "cmd", List.of("true")), false);

        ApiClient.Response second = api.post("/v1/containers", Map.of("image", "busybox", "name", name,
                "cmd", List.of("true")));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.detail()).contains("\"" + name + "\" is already in use");
        assertThat(api.inspect(name).path("id").asString()).isEqualTo(first);
        api.delete("/v1/containers/" + first);
    }

    @Test
    void aMissingEntrypointLeavesTheContainerExitedWith127() {
        String id = api.create(Map.of("image", "busybox", "cmd", List.of("definitely-missing")), false);

        ApiClient.Response start = api.post("/v1/containers/" + id + "/start");

        assertThat(start.status()).isEqualTo(422);
        assertThat(start.detail()).isEqualTo("exec: \"definitely-missing\": executable file not found in $PATH");
        JsonNode state = api.inspect(id).path("state");
        assertThat(state.path("status").asString()).isEqualTo("exited");
        assertThat(state.path("exitCode").asInt()).isEqualTo(127);
        assertThat(state.path("error").asString()).contains("executable file not found");
        assertThat(HostCgroups.leftoverCgroups(id)).isEmpty();
        api.delete("/v1/containers/" + id);
    }

    @Test
    void hostileOrWrongTarsAreRefusedAndNothingIsStored() throws IOException {
        JsonNode before = api.get("/v1/images").json();

        assertImportRefused(tar(t -> {
            dir(t, "./bin/");
            file(t, "../../etc/escaped", "x");
        }), "escapes the root");
        assertImportRefused(tar(t -> {
            dir(t, "./bin/");
            file(t, "/etc/absolute", "x");
        }), "absolute");
        assertImportRefused(tar(t -> {
            dir(t, "./etc/");
            symlink(t, "./evil", "/tmp");
            file(t, "./evil/planted", "x");
        }), "symlink");
        assertImportRefused(tar(t -> {
            dir(t, "rootfs/");
            dir(t, "rootfs/bin/");
            file(t, "rootfs/bin/tool", "x");
        }), "tar -C rootfs -cf");
        Path garbage = temp.resolve("garbage.tar");
        Files.writeString(garbage, "this is not a tar archive, just text ".repeat(100));
        assertImportRefused(garbage, "not a tar");

        assertThat(api.get("/v1/images").json()).isEqualTo(before);
        assertThat(Path.of("/tmp/planted")).doesNotExist();
    }

    private void assertImportRefused(Path tar, String message) {
        ApiClient.Response response = api.importTar(tar, "hostile:latest");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.detail()).containsIgnoringCase(message);
    }

    @Test
    void anImageInUseCannotBeRemovedAndAnUnusedOneCan() {
        // Another config over the same layer: a distinct image, sharing busybox's layer directory.
        ApiClient.Response imported = api.importTar(BusyboxImage.tar(), "spare:1", "ENV SPARE=1");
        assertThat(imported.status()).isEqualTo(201);
        String id = api.create(Map.of("image", "spare:1", "cmd", List.of("true")), true);
        api.await(id);

        ApiClient.Response refused = api.delete("/v1/images/spare:1");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.detail()).contains("is used by a container");

        api.delete("/v1/containers/" + id);
        ApiClient.Response removed = api.delete("/v1/images/spare:1");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().get(0).path("untagged").asString()).isEqualTo("spare:1");
        assertThat(api.get("/v1/images/spare:1").status()).isEqualTo(404);
        // busybox shares the layer and keeps it.
        assertThat(api.sh("echo still-works").stdout()).isEqualTo("still-works\n");
    }

    // --- tar building -----------------------------------------------------------------------------------------

    private Path tar(Consumer<TarArchiveOutputStream> entries) throws IOException {
        Path tar = Files.createTempFile(temp, "layer", ".tar");
        try (OutputStream out = Files.newOutputStream(tar); TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            entries.accept(t);
        }
        return tar;
    }

    private static void dir(TarArchiveOutputStream t, String name) {
        put(t, new TarArchiveEntry(name), null);
    }

    private static void file(TarArchiveOutputStream t, String name, String content) {
        // TarArchiveEntry would strip a leading "/" and "../"; write the raw name through a preserving constructor.
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        entry.setSize(bytes.length);
        put(t, entry, bytes);
    }

    private static void symlink(TarArchiveOutputStream t, String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
        entry.setLinkName(target);
        put(t, entry, null);
    }

    private static void put(TarArchiveOutputStream t, TarArchiveEntry entry, byte[] content) {
        try {
            t.putArchiveEntry(entry);
            if (content != null) {
                t.write(content);
            }
            t.closeArchiveEntry();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
