package dev.berth.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Everything the tests of one JVM share: a node agent of their own, the CLI pointed at it, and the busybox image.
 * Starting it checks what the tests cannot do without, and says how to get it.
 *
 * <pre>
 * cli/target/it/                (berth.it.work-dir)
 * ├── cache/                    the launcher's class-data archive, kept between runs to keep the CLI fast
 * └── agent-&lt;random&gt;/          one per JVM, so that runs in parallel never share anything
 *     ├── busybox.tar           made by deploy/busybox-rootfs.sh
 *     └── state/  run/  agent.log    see NodeAgent
 * </pre>
 */
final class NodeUnderTest implements AutoCloseable {

    private static final String BUSYBOX = "busybox:latest";

    private final NodeAgent agent;
    private final Cli cli;
    private final BaseImage baseImage;

    private NodeUnderTest(NodeAgent agent, Cli cli, BaseImage baseImage) {
        this.agent = agent;
        this.cli = cli;
        this.baseImage = baseImage;
    }

    static NodeUnderTest start() {
        return start("agent-", NodeAgent.NETWORK, false, 0, Map.of());
    }

    /**
     * A node of its own, apart from the shared one: its agent runs under the supervisor, as deploy/up.sh runs it.
     *
     * @param network the agent's network settings, which must differ from every other agent's
     */
    static NodeUnderTest startSupervised(List<String> network) {
        return start("supervised-", network, true, 0, Map.of());
    }

    /**
     * A node of its own, apart from the shared one, with the given settings.
     *
     * @param settings the agent's settings; its network ones must differ from every other agent's
     */
    static NodeUnderTest startOwn(String prefix, List<String> settings) {
        return start(prefix, settings, false, 0, Map.of());
    }

    /** The same, with a CLI that has {@code cliEnvironment} besides, such as where an internal token is kept. */
    static NodeUnderTest startOwn(String prefix, List<String> settings, Map<String, String> cliEnvironment) {
        return start(prefix, settings, false, 0, cliEnvironment);
    }

    /** {@link #startOwn}, the agent listening on 127.0.0.1:{@code port}. */
    static NodeUnderTest startOwn(String prefix, List<String> settings, int port) {
        return start(prefix, settings, false, port, Map.of());
    }

    /** @param port the agent's, or 0 for any free one */
    private static NodeUnderTest start(String prefix, List<String> network, boolean supervised, int port,
                                       Map<String, String> cliEnvironment) {
        requireRoot();
        Path root = SourceTree.root();
        Path jar = Path.of(System.getProperty("berth.it.agent-jar",
                root.resolve("node-agent/target/node-agent.jar").toString()));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the node agent first, with "
                    + "`mvn -B -q -DskipTests package` at the repository root, or run the whole reactor "
                    + "(`mvn verify`), which builds node-agent before cli");
        }
        Path workDir = Path.of(System.getProperty("berth.it.work-dir", root.resolve("cli/target/it").toString()));
        Path javaHome = Path.of(System.getProperty("java.home"));
        try {
            Path agentDir = Files.createTempDirectory(Files.createDirectories(workDir), prefix);
            NodeAgent agent = port == 0
                    ? new NodeAgent(javaHome.resolve("bin/java"), jar, agentDir, network, supervised)
                    : new NodeAgent(javaHome.resolve("bin/java"), jar, agentDir, network, port);
            Cli cli = new Cli(SourceTree.launcher(), agent.url(), javaHome,
                    Files.createDirectories(workDir.resolve("cache")), cliEnvironment);
            Path busybox = buildBusyboxRootfs(agentDir.resolve("busybox.tar"));
            agent.start();
            try {
                cli.run("import", "--change", "CMD [\"sh\"]", busybox.toString(), BUSYBOX).requireSuccess();
            } catch (RuntimeException | AssertionError e) {
                agent.close();
                throw e;
            }
            return new NodeUnderTest(agent, cli, new BaseImage(BUSYBOX, busybox));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + workDir, e);
        }
    }

    NodeAgent agent() {
        return agent;
    }

    Cli cli() {
        return cli;
    }

    BaseImage baseImage() {
        return baseImage;
    }

    /** Removes what the tests left (a container that kept running would outlive the agent), then stops the agent. */
    @Override
    public void close() {
        try {
            List<String> ids = cli.run("ps", "-a", "-q").outLines();
            if (!ids.isEmpty()) {
                List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                rm.addAll(ids);
                cli.run(rm.toArray(String[]::new));
            }
        } finally {
            agent.close();
        }
    }

    /** The agent creates namespaces, overlay mounts and cgroups: without root every test would fail, and obscurely. */
    private static void requireRoot() {
        Object uid;
        try {
            uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot tell whether the tests run as root", e);
        }
        if (!Integer.valueOf(0).equals(uid)) {
            throw new IllegalStateException("the CLI's integration tests need root (they run as uid " + uid + "): "
                    + "the node agent they start creates namespaces, overlay mounts and cgroups. Run them as root, "
                    + "as CI does (deploy/test.sh)");
        }
    }

    private static Path buildBusyboxRootfs(Path tar) throws IOException {
        Path script = SourceTree.busyboxRootfsScript();
        Path log = tar.resolveSibling("busybox-rootfs.log");
        Process process = new ProcessBuilder(script.toString(), tar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + script + " ran", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(script + " failed with exit code " + process.exitValue() + ":\n"
                    + Files.readString(log));
        }
        return tar;
    }
}
