package dev.berth.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsFileTest {
    @TempDir
    Path dir;

    @Test
    void namesItselfAndItsPeers() {
        String hosts = HostsFile.render("web", Ipv4.parse("10.90.0.2"),
                List.of(new HostsFile.Peer("db", "0123456789ab", Ipv4.parse("10.90.0.3"))));
        assertThat(hosts.lines()).startsWith("127.0.0.1\tlocalhost").contains("10.90.0.2\tweb",
                "10.90.0.3\tdb 0123456789ab");
        assertThat(HostsFile.render("lonely", null, List.of()).lines()).contains("127.0.1.1\tlonely");
    }

    @Test
    void aRewriteKeepsTheInodeThatIsBindMounted() throws IOException {
        Path file = dir.resolve("hosts");
        Files.writeString(file, "a much longer first version of the file\n".repeat(10));
        Object inode = Files.getAttribute(file, "unix:ino");

        HostsFile.rewrite(file, "short\n");

        assertThat(Files.readString(file)).isEqualTo("short\n");
        assertThat(Files.getAttribute(file, "unix:ino")).isEqualTo(inode);
    }
}
