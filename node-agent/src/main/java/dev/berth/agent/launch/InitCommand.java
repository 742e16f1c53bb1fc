package dev.berth.agent.launch;

import dev.berth.agent.linux.JnaRuntime;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line of the portable init JVM, tuned to start fast: its classpath is just the agent's classes and JNA,
 * JNA's native part is pre-extracted (no unpacking per start), and on JDK 25+ an ahead-of-time cache recorded once
 * from a training run holds its classes already loaded and linked.
 *
 * <p>Lives on disk as:
 * <pre>
 * cacheDir/
 * ├── libjnidispatch.so       JNA's native stub, copied once from the agent's own
 * └── init-&lt;hash&gt;.aot          the AOT cache, keyed by JDK and classpath
 * </pre>
 */
public final class InitCommand {
    private static final Logger log = LoggerFactory.getLogger(InitCommand.class);
    private static final List<String> FAST_START = List.of(
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xss512k",
            "-Xmx64m", "-XX:+DisableAttachMechanism", "-Djna.nounpack=true", "-Djna.nosys=true");

    private final String java;
    private final String classpath;
    private final Path cacheDir;
    private final Path aotCache;

    private InitCommand(String java, String classpath, Path cacheDir) {
        this.java = java;
        this.classpath = classpath;
        this.cacheDir = cacheDir;
        this.aotCache = cacheDir.resolve("init-" + hash(Runtime.version() + classpath) + ".aot");
    }

    /** Builds the command from the running JVM and the agent's own code locations. */
    public static InitCommand forThisJvm(Path cacheDir) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jna = JnaRuntime.jar().map(Path::toString).orElseThrow(() -> new LaunchException(
                "the portable launcher needs JNA on a plain classpath; run the agent from its extracted jar"));
        String classpath = codeLocation(PortableInit.class) + ":" + jna;
        JnaRuntime.extractNativeStub(cacheDir);
        return new InitCommand(java, classpath, cacheDir);
    }

    /** Records the AOT cache unless it exists; a no-op before JDK 25. Takes a few seconds, once. */
    public void recordAotCacheIfMissing() {
        // The JDK records only classes from jar files; a development tree's classes directory cannot be cached.
        boolean jarsOnly = Arrays.stream(classpath.split(":")).noneMatch(entry -> Files.isDirectory(Path.of(entry)));
        if (Runtime.version().feature() < 25 || Files.exists(aotCache) || !jarsOnly) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-XX:AOTCacheOutput=" + aotCache);
        command.addAll(jvmOptions());
        command.add("-cp");
        command.add(classpath);
        command.add(PortableInit.class.getName());
        command.add("--train");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                log.warn("could not record the portable init's AOT cache; it will start without one");
            }
        } catch (IOException e) {
            log.warn("could not record the portable init's AOT cache: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** argv of one init start. */
    public List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(java);
        if (Files.exists(aotCache)) {
            argv.add("-XX:AOTCache=" + aotCache);
        }
        argv.addAll(jvmOptions());
        argv.add("-cp");
        argv.add(classpath);
        argv.add(PortableInit.class.getName());
        return argv;
    }

    public String java() {
        return java;
    }

    private List<String> jvmOptions() {
        List<String> options = new ArrayList<>(FAST_START);
        options.add("-Djna.boot.library.path=" + cacheDir);
        if (Runtime.version().feature() >= 24) {
            options.add("--enable-native-access=ALL-UNNAMED");
        }
        return options;
    }

    private static String codeLocation(Class<?> type) {
        try {
            Path path = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.exists(path)) {
                throw new LaunchException("the portable launcher needs " + type.getName()
                        + " on a plain classpath; run the agent from its extracted jar");
            }
            return path.toString();
        } catch (URISyntaxException | IllegalArgumentException | NullPointerException e) {
            throw new LaunchException("the portable launcher needs " + type.getName()
                    + " on a plain classpath, not inside a nested jar; run the agent from its extracted jar", e);
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
