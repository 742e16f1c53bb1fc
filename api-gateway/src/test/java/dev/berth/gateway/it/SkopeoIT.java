package dev.berth.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * skopeo, as a user runs it, logs in to the gateway with an API token (the Docker token flow) and pushes to and
 * pulls from the real registry-service behind it, within its tenant's namespace only, and is denied a push once its
 * namespace's images fill their quota, as the registry counts them.
 */
class SkopeoIT {
    private static final Path SKOPEO = Path.of("/usr/bin/skopeo");
    private static final Path WORK = Path.of("target/it/skopeo").toAbsolutePath();

    private static Upstream upstream;
    private static RegistryProcess registry;
    private static GatewayInstance gateway;
    private static Http http;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(SKOPEO)) {
            fail("skopeo is not installed: apt-get install skopeo (deploy/test.sh installs it)");
        }
        deleteTree(WORK);
        upstream = new Upstream();
        registry = new RegistryProcess(WORK.resolve("registry"));
        gateway = new GatewayInstance("skopeo", upstream, "--berth.gateway.upstreams.registry=" + registry.url());
        http = new Http(gateway.url());
        token = http.token(gateway.adminToken(), "shipyard", "ci", "\"read\",\"deploy\"", null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void skopeoLogsInWithATokenAndPushesAndPullsInItsNamespaceOnly() throws Exception {
        String host = "127.0.0.1:" + gateway.port();
        Path auth = WORK.resolve("auth.json");
        assertThat(skopeo(auth, "login", "--tls-verify=false", host, "-u", "x", "-p", token).output())
                .contains("Login Succeeded");
        assertThat(skopeo(auth, "login", "--tls-verify=false", host, "-u", "x", "-p",
                "berth_0123456789abcdef_" + "a".repeat(43)).exitCode()).isNotZero();

        Path source = WORK.resolve("source");
        writeLayout(source, "v1");
        Result push = skopeo(auth, "copy", "--dest-tls-verify=false", "oci:" + source + ":v1",
                "docker://" + host + "/shipyard/app:v1");
        assertThat(push.exitCode()).as(push.output()).isZero();
        Result inspect = skopeo(auth, "inspect", "--tls-verify=false", "docker://" + host + "/shipyard/app:v1");
        assertThat(inspect.exitCode()).as(inspect.output()).isZero();
        assertThat(inspect.output()).contains("\"Name\": \"" + host + "/shipyard/app\"");
        Result pull = skopeo(auth, "copy", "--src-tls-verify=false", "docker://" + host + "/shipyard/app:v1",
                "oci:" + WORK.resolve("back") + ":v1");
        assertThat(pull.exitCode()).as(pull.output()).isZero();

        Result elsewhere = skopeo(auth, "copy", "--dest-tls-verify=false", "oci:" + source + ":v1",
                "docker://" + host + "/othertenant/app:v1");
        assertThat(elsewhere.exitCode()).isNotZero();
        assertThat(elsewhere.output()).contains("name unknown");
    }

    @Test
    void aPushIntoANamespaceWhoseImagesFillItsQuotaIsDeniedAndTheUseIsTheRegistrysCount() throws Exception {
        String admin = gateway.adminToken();
        String dockyard = http.token(admin, "dockyard", "ci", "\"read\",\"deploy\"", null);
        upstream.answer("GET", "/api/v1/apps", "tenant=dockyard", "[]");
        String host = "127.0.0.1:" + gateway.port();
        Path auth = WORK.resolve("dockyard-auth.json");
        assertThat(skopeo(auth, "login", "--tls-verify=false", host, "-u", "x", "-p", dockyard).exitCode()).isZero();
        Path source = WORK.resolve("dockyard-source");
        writeLayout(source, "v1");
        Result first = skopeo(auth, "copy", "--dest-tls-verify=false", "oci:" + source + ":v1",
                "docker://" + host + "/dockyard/app:v1");
        assertThat(first.exitCode()).as(first.output()).isZero();

        // The registry's own count of the image: its config and its layer, once however many tags.
        assertThat(http.put("/api/v1/tenants/dockyard/quota", admin, "{\"imageStorage\":\"1Gi\"}").statusCode())
                .isEqualTo(200);
        String quota = http.get("/api/v1/tenants/dockyard/quota", dockyard).body();
        long used = Long.parseLong(quota.replaceAll(".*\"usage\":\\{.*\"imageStorage\":\"(\\d+)\".*", "$1"));
        assertThat(used).isGreaterThan(0).isLessThan(64 * 1024);

        assertThat(http.put("/api/v1/tenants/dockyard/quota", admin, "{\"imageStorage\":\"" + used + "\"}")
                .statusCode()).isEqualTo(200);
        Result denied = skopeo(auth, "copy", "--dest-tls-verify=false", "oci:" + source + ":v1",
                "docker://" + host + "/dockyard/other:v1");
        assertThat(denied.exitCode()).isNotZero();
        assertThat(denied.output()).contains("denied", "imageStorage quota of tenant dockyard");

        assertThat(http.put("/api/v1/tenants/dockyard/quota", admin, "{\"imageStorage\":\"" + (used + 1) + "\"}")
                .statusCode()).isEqualTo(200);
        Result allowed = skopeo(auth, "copy", "--dest-tls-verify=false", "oci:" + source + ":v1",
                "docker://" + host + "/dockyard/other:v1");
        assertThat(allowed.exitCode()).as(allowed.output()).isZero();
    }

    record Result(int exitCode, String output) {}

    private static Result skopeo(Path authFile, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SKOPEO.toString(), "--insecure-policy"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put("REGISTRY_AUTH_FILE", authFile.toString());
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("skopeo %s did not finish within 60 s", String.join(" ", args));
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** An OCI image layout with one image: one uncompressed layer holding /hello, made with tar(1). */
    private static void writeLayout(Path dir, String tag) throws IOException, InterruptedException {
        Path rootfs = Files.createDirectories(WORK.resolve("rootfs"));
        Files.writeString(rootfs.resolve("hello"), "hello through the gateway\n");
        Path layerFile = WORK.resolve("layer.tar");
        Process tar = new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", layerFile.toString(), "hello")
                .inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        byte[] layer = Files.readAllBytes(layerFile);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + digest(layer) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", config)
                + ",\"layers\":[" + descriptor("application/vnd.oci.image.layer.v1.tar", layer) + "]}")
                .getBytes(StandardCharsets.UTF_8);
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        for (byte[] blob : List.of(layer, config, manifest)) {
            Files.write(blobs.resolve(digest(blob).substring("sha256:".length())), blob);
        }
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":["
                + descriptor("application/vnd.oci.image.manifest.v1+json", manifest).replaceFirst("}$",
                ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}") + "]}");
    }

    private static String descriptor(String mediaType, byte[] content) throws IOException {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest(content) + "\",\"size\":"
                + content.length + "}";
    }

    private static String digest(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
