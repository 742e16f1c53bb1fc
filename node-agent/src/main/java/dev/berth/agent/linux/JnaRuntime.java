package dev.berth.agent.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.StringArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** What other parts of the agent need to know about JNA itself, without importing it. */
public final class JnaRuntime {
    private JnaRuntime() {}

    /** The jar JNA was loaded from, for a child JVM's classpath; empty if it is not a plain file. */
    public static Optional<Path> jar() {
        try {
            Path path = Path.of(Native.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.exists(path) ? Optional.of(path) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /**
     * Copies JNA's native stub into {@code dir} once, for child JVMs started with {@code jna.boot.library.path} and
     * {@code jna.nounpack}: JNA unlinks the copy it unpacks for itself, so it is taken from the jar.
     */
    public static void extractNativeStub(Path dir) {
        String name = System.mapLibraryName("jnidispatch");
        Path target = dir.resolve(name);
        if (Files.exists(target)) {
            return;
        }
        String resource = "/com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + name;
        try (InputStream in = Native.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("JNA has no native stub for this platform (" + resource + ")");
            }
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "jnidispatch", ".tmp");
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare JNA's native stub in " + dir, e);
        }
    }

    /** Loads the JNA classes that kernel calls allocate on the way (argument arrays, native memory). */
    public static void preload() {
        new StringArray(new String[] {"preload"});
        try (Memory memory = new Memory(8)) {
            memory.setInt(0, 0);
        }
    }
}
