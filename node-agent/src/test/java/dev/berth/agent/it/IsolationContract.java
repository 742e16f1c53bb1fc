package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a container sees from inside, probed with busybox. Run against both launch paths: each must give the same
 * isolation.
 */
abstract class IsolationContract extends AgentIT {

    @Test
    void pid1IsTheEntrypointAndOnlyItsOwnProcessesAreVisible() {
        ApiClient.Run run = api.sh("echo pid=$$; ps -o pid,comm | tail -n +2 | wc -l; ls /proc | grep -c '^[0-9]'");

        List<String> lines = run.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo("pid=1");
        // sh and ps (plus the pipeline's own commands) only; the host runs hundreds.
        assertThat(Integer.parseInt(lines.get(1).trim())).isBetween(2, 5);
        assertThat(Integer.parseInt(lines.get(2).trim())).isLessThan(6);
    }

    @Test
    void theHostnameIsTheContainersOwn() {
        ApiClient.Run named = api.sh("hostname; cat /etc/hostname", Map.of("hostname", "box-7"));
        assertThat(named.stdout()).isEqualTo("box-7\nbox-7\n");

        ApiClient.Run unnamed = api.sh("hostname");
        assertThat(unnamed.stdout().trim()).isEqualTo(unnamed.id().substring(0, 12));
    }

    @Test
    void itSeesOnlyItsOwnMounts() {
        ApiClient.Run run = api.sh("cut -d' ' -f5 /proc/self/mountinfo");

        Set<String> mountpoints = Set.copyOf(run.stdout().lines().toList());
        assertThat(mountpoints).contains("/", "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys",
                "/etc/hostname", "/etc/hosts", "/etc/resolv.conf");
        Set<String> expected = Set.of("/", "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys",
                "/sys/firmware", "/sys/devices/virtual/powercap", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf",
                "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
                "/proc/sched_debug", "/proc/interrupts", "/proc/acpi", "/proc/asound", "/proc/scsi", "/proc/bus",
                "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
        assertThat(expected).containsAll(mountpoints);
    }

    @Test
    void noHostFileIsVisible() throws IOException {
        Path marker = Files.createTempFile("berth-host-only-", ".txt");
        try {
            ApiClient.Run run = api.sh("ls " + marker + " /var/lib/berth " + System.getProperty("berth.it.dir")
                    + " 2>&1; ls /");

            assertThat(run.stdout()).contains("No such file or directory");
            assertThat(run.stdout()).doesNotContain(marker.getFileName().toString() + "\n");
            assertThat(run.stdout().lines().filter(l -> !l.contains("No such file")).collect(Collectors.toSet()))
                    .isEqualTo(Set.of("bin", "dev", "etc", "home", "linuxrc", "proc", "root", "sbin", "sys", "tmp",
                            "usr", "var"));
        } finally {
            Files.delete(marker);
        }
    }

    @Test
    void itCannotMountOrMakeADiskOrWriteKernelSettings() {
        ApiClient.Run run = api.sh("""
                mount -t tmpfs none /tmp 2>/dev/null && echo mounted || echo no-mount
                mknod /tmp/sda b 8 0 2>/dev/null && echo made-disk || echo no-disk
                echo changed > /proc/sys/kernel/hostname 2>/dev/null && echo wrote-sys || echo no-sys
                echo 1 > /proc/sysrq-trigger 2>/dev/null && echo wrote-sysrq || echo no-sysrq
                """);

        assertThat(run.stdout().lines()).containsExactly("no-mount", "no-disk", "no-sys", "no-sysrq");
    }

    @Test
    void maskedPathsReadAsEmpty() {
        ApiClient.Run run = api.sh("for f in /proc/keys /proc/timer_list /proc/interrupts /proc/sched_debug; do "
                + "[ -e $f ] && wc -c < $f; done; ls -A /sys/firmware | wc -l; ls -A /proc/acpi | wc -l");

        assertThat(run.stdout().lines().map(String::trim).distinct().toList()).containsExactly("0");
    }

    @Test
    void capabilitiesAreDockersDefaultSetAndNoNewPrivilegesIsOn() {
        ApiClient.Run run = api.sh("grep -E '^(Cap|NoNewPrivs)' /proc/self/status");

        assertThat(run.stdout().lines()).containsExactly(
                "CapInh:\t0000000000000000", "CapPrm:\t00000000a80425fb", "CapEff:\t00000000a80425fb",
                "CapBnd:\t00000000a80425fb", "CapAmb:\t0000000000000000", "NoNewPrivs:\t1");
    }

    @Test
    void aUserFromTheImageRunsWithItsIdsAndNoCapabilities() {
        ApiClient.Run byName = api.sh("id; echo $HOME; grep CapEff /proc/self/status", Map.of("user", "user"));
        assertThat(byName.stdout().lines()).containsExactly("uid=1000(user) gid=1000(user) groups=100(users),"
                + "1000(user)", "/home/user", "CapEff:\t0000000000000000");

        ApiClient.Run byIds = api.sh("id -u; id -g", Map.of("user", "4242:4343"));
        assertThat(byIds.stdout()).isEqualTo("4242\n4343\n");
    }

    @Test
    void envAndWorkingDirectoryAreApplied() {
        ApiClient.Run run = api.sh("echo $GREETING; pwd; echo $PATH",
                Map.of("env", List.of("GREETING=hello"), "workingDir", "/srv/app"));

        assertThat(run.stdout().lines()).containsExactly("hello", "/srv/app",
                "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }

    @Test
    void devHoldsOnlyTheStandardNodes() {
        ApiClient.Run run = api.sh("ls -A /dev; head -c 4 /dev/urandom | wc -c; echo x > /dev/null && echo ok; "
                + "ls /dev/pts");

        List<String> lines = run.stdout().lines().toList();
        assertThat(lines).containsSubsequence("fd", "full", "mqueue", "null", "ptmx", "pts", "random", "shm",
                "stderr", "stdin", "stdout", "tty", "urandom", "zero");
        assertThat(lines).contains("4", "ok").doesNotContain("sda", "vda", "kmsg", "mem");
    }

    @Test
    void onlyLoopbackExistsWithNetworkNone() {
        ApiClient.Run run = api.sh("ls /sys/class/net; ping -c 1 -W 1 127.0.0.1 >/dev/null && echo lo-up",
                Map.of("network", "none"));

        assertThat(run.stdout().lines()).containsExactly("lo", "lo-up");
    }

    @Test
    void aBridgedContainerHasLoopbackAndEth0WithItsLeaseAndRoutesThroughTheBridge() {
        String id = api.create(Map.of("image", "busybox", "cmd", List.of("sh", "-c",
                "ls /sys/class/net; ip -4 -o addr show eth0; ip route; cat /sys/class/net/eth0/address; "
                        + "ping -c 1 -W 2 $(ip route | awk '/default/ {print $3}') >/dev/null && echo gateway-up")),
                true);
        api.await(id);
        JsonNode network = api.inspect(id).path("networkSettings");
        String out = ApiClient.text(api.logs(id, ""));
        api.delete("/v1/containers/" + id);

        String address = network.path("ipAddress").asString();
        assertThat(network.path("mode").asString()).isEqualTo("bridge");
        assertThat(address).matches("10\\.\\d+\\.\\d+\\.\\d+");
        List<String> lines = out.lines().toList();
        assertThat(lines.subList(0, 2)).containsExactly("eth0", "lo");
        assertThat(lines.get(2)).contains("inet " + address + "/" + network.path("prefixLength").asInt());
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("default via " + network.path("gateway").asString() + " dev eth0"));
        assertThat(lines).contains(network.path("macAddress").asString(), "gateway-up");
    }

    @Test
    void theContainerIsInItsCgroupBeforeItsEntrypointRuns() {
        // The entrypoint's first act: with the cgroup namespace rooted at its own cgroup, that cgroup reads as "/".
        ApiClient.Run run = api.sh("grep -E ':(memory|pids):' /proc/self/cgroup", Map.of("memory", "64m",
                "pidsLimit", 50));

        assertThat(run.stdout().lines().map(l -> l.substring(l.lastIndexOf(':') + 1)).toList())
                .containsOnly("/").isNotEmpty();
    }

    @Test
    void aMissingEntrypointFailsWith127AndANonExecutableOneWith126() {
        ApiClient.Response missing = api.post("/v1/containers?start=true",
                Map.of("image", "busybox", "cmd", List.of("/no/such/binary")));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().path("exitCode").asInt()).isEqualTo(127);
        assertThat(missing.detail()).contains("/no/such/binary").contains("no such file or directory");

        ApiClient.Response notExecutable = api.post("/v1/containers?start=true",
                Map.of("image", "busybox", "cmd", List.of("/etc/passwd")));
        assertThat(notExecutable.status()).isEqualTo(422);
        assertThat(notExecutable.json().path("exitCode").asInt()).isEqualTo(126);
        assertThat(notExecutable.detail()).contains("permission denied");
    }

    static Set<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).collect(Collectors.toSet());
    }
}
