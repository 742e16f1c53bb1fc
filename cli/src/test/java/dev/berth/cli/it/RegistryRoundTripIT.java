package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An image shared through Berth's own registry, as users type it: a container's change is committed, pushed, found by
 * search, pulled by a second node agent whose store has never seen it (its default registry is this one, so the name
 * needs no host), and run there.
 */
@ExtendWith(RealAgent.class)
class RegistryRoundTripIT {
    private static ServiceProcess registry;
    private static NodeAgent cleanAgent;
    private static Cli cleanNode;

    private final Cli berth;
    private final ContainerNames names;

    RegistryRoundTripIT(Cli berth, ContainerNames names) {
        this.berth = berth;
        this.names = names;
    }

    @BeforeAll
    static void startRegistryAndACleanNode() throws Exception {
        Path root = SourceTree.root();
        Path work = Files.createTempDirectory(Files.createDirectories(root.resolve("cli/target/it")), "registry-");
        Path java = Path.of(System.getProperty("java.home"), "bin/java");
        registry = ServiceProcess.registry(java, work.resolve("registry"));
        cleanAgent = new NodeAgent(java, root.resolve("node-agent/target/node-agent.jar"), work.resolve("agent"),
                List.of("--berth.agent.network.default-bridge=berthclean0",
                        "--berth.agent.network.default-subnet=10.83.0.0/16",
                        "--berth.agent.network.pool=10.84.0.0/16", "--berth.agent.network.table=berth_clean",
                        "--berth.agent.registry.default=" + registry.address()), false);
        cleanAgent.start();
        cleanNode = new Cli(SourceTree.launcher(), cleanAgent.url(), java.getParent().getParent(),
                Files.createDirectories(work.resolve("cache")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cleanAgent != null) {
            cleanAgent.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void commitPushSearchPullOnACleanNodeAndRun() {
        String container = names.next("share");
        String repository = ContainerNames.unique("shared");
        String remote = registry.address() + "/team/" + repository + ":1";
        berth.run("run", "--network", "none", "--name", container, "busybox", "sh", "-c",
                "echo shared-through-the-registry > /greeting && rm /etc/group").requireSuccess();
        berth.run("commit", "-m", "a greeting", container, remote).requireSuccess();

        CliResult push = berth.run("push", remote).requireSuccess();
        assertThat(push.out()).startsWith("The push refers to repository [" + registry.address() + "/team/"
                + repository + "]\n");
        assertThat(push.outLines()).anyMatch(line -> line.matches("[0-9a-f]{12}: Pushed"));
        assertThat(push.outLines().getLast()).matches("1: digest: sha256:[0-9a-f]{64}");

        CliResult search = cleanNode.run("search", repository).requireSuccess();
        List<Map<String, String>> rows = PrintedTable.parse(search.out()).rows();
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst()).containsEntry("NAME", "team/" + repository).containsEntry("TAG", "1")
                .containsEntry("LAYERS", "2");

        assertThat(cleanNode.run("images").requireSuccess().out()).doesNotContain(repository);
        CliResult pull = cleanNode.run("pull", "team/" + repository + ":1").requireSuccess();
        assertThat(pull.outLines()).filteredOn(line -> line.endsWith(": Pull complete")).hasSize(2);
        assertThat(pull.outLines().getLast()).isEqualTo(registry.address() + "/team/" + repository + ":1");
        assertThat(cleanNode.run("run", "--rm", "--network", "none", "team/" + repository + ":1", "sh", "-c",
                "cat /greeting; test -e /etc/group || echo group-is-gone").requireSuccess().out())
                .isEqualTo("shared-through-the-registry\ngroup-is-gone\n");
        assertThat(cleanNode.run("history", "team/" + repository + ":1").requireSuccess().out())
                .contains("a greeting");

        CliResult again = cleanNode.run("pull", "team/" + repository + ":1").requireSuccess();
        assertThat(again.outLines()).filteredOn(line -> line.endsWith(": Already exists")).hasSize(2);
        assertThat(again.out()).contains("Status: Image is up to date for ");
    }

    @Test
    void aMissingImageFailsWithTheRegistrysWords() {
        CliResult pull = cleanNode.run("pull", "team/never-pushed:1");

        assertThat(pull.exitCode()).isEqualTo(1);
        assertThat(pull.err()).contains("NAME_UNKNOWN").contains("never-pushed");
    }
}
