package dev.berth.agent.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.linux.FileStat;
import dev.berth.agent.linux.OpenFlags;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutableResolverTest {
    static final FileStat EXEC = new FileStat(OpenFlags.S_IFREG | 0755, 0, 0, 10, 0);
    static final FileStat ROOT_ONLY = new FileStat(OpenFlags.S_IFREG | 0700, 0, 0, 10, 0);
    static final FileStat PLAIN = new FileStat(OpenFlags.S_IFREG | 0644, 0, 0, 10, 0);
    static final FileStat DIR = new FileStat(OpenFlags.S_IFDIR | 0755, 0, 0, 0, 0);
    static final ProcessUser USER = new ProcessUser(1000, 1000, new int[0], "/home/user");

    final ExecutableResolver resolver = new ExecutableResolver(path -> Optional.ofNullable(Map.of(
            "/bin/sh", EXEC, "/usr/bin/secret", ROOT_ONLY, "/etc/passwd", PLAIN, "/bin", DIR,
            "/srv/run.sh", EXEC).get(path)));

    @Test
    void searchesThePathInOrder() {
        assertThat(resolver.resolve("sh", "/usr/bin:/bin", "/", ProcessUser.root())).isEqualTo("/bin/sh");
    }

    @Test
    void aPathWithASlashIsTakenAsIsAndRelativeToTheWorkingDirectory() {
        assertThat(resolver.resolve("/bin/sh", "", "/", ProcessUser.root())).isEqualTo("/bin/sh");
        assertThat(resolver.resolve("./run.sh", "", "/srv", ProcessUser.root())).isEqualTo("/srv/run.sh");
    }

    @Test
    void notFoundIs127WithDockersWording() {
        assertThatThrownBy(() -> resolver.resolve("nope", "/bin", "/", ProcessUser.root()))
                .isInstanceOfSatisfying(EntrypointException.class, e -> assertThat(e.exitCode()).isEqualTo(127))
                .hasMessage("exec: \"nope\": executable file not found in $PATH");
        assertThatThrownBy(() -> resolver.resolve("/nonexistent", "/bin", "/", ProcessUser.root()))
                .isInstanceOfSatisfying(EntrypointException.class, e -> assertThat(e.exitCode()).isEqualTo(127))
                .hasMessage("exec: \"/nonexistent\": stat /nonexistent: no such file or directory");
    }

    @Test
    void notExecutableIs126() {
        assertThatThrownBy(() -> resolver.resolve("/etc/passwd", "/bin", "/", ProcessUser.root()))
                .isInstanceOfSatisfying(EntrypointException.class, e -> assertThat(e.exitCode()).isEqualTo(126))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> resolver.resolve("/bin", "/bin", "/", ProcessUser.root()))
                .isInstanceOfSatisfying(EntrypointException.class, e -> assertThat(e.exitCode()).isEqualTo(126))
                .hasMessageContaining("is a directory");
    }

    @Test
    void permissionIsCheckedForTheContainersUserNotForRoot() {
        assertThat(resolver.resolve("/usr/bin/secret", "", "/", ProcessUser.root())).isEqualTo("/usr/bin/secret");
        assertThatThrownBy(() -> resolver.resolve("/usr/bin/secret", "", "/", USER))
                .isInstanceOfSatisfying(EntrypointException.class, e -> assertThat(e.exitCode()).isEqualTo(126));
        assertThatThrownBy(() -> resolver.resolve("secret", "/usr/bin", "/", USER))
                .isInstanceOfSatisfying(EntrypointException.class, e -> assertThat(e.exitCode()).isEqualTo(126));
    }
}
