package dev.berth.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Machines of a test cluster on this one: each "host" is a network namespace with one veth on a bridge of the test's
 * own, and an address there; this machine's end of the bridge holds the first address of the subnet. Nothing is
 * routed anywhere else. {@link #close} removes the namespaces, their veths and the bridge.
 *
 * <pre>
 *  this machine (the scheduler, the tests)          host "a"  (netns berth3n-a)
 *  bridge BRIDGE 10.93.0.1/24 ── veth BRIDGE-a ═══ eth0 10.93.0.11/24   node agent, its own berth0 and nft table
 *                             ── veth BRIDGE-b ═══ host "b" ...
 * </pre>
 */
final class NetworkHosts implements AutoCloseable {

    /**
     * One host: {@code name} is its network namespace ({@code /run/netns/NAME}), {@code address} its address on the
     * bridge.
     */
    record Host(String name, String address) {
        /**
         * The command prefix that runs a program in this host's network namespace, and in nothing else of it: unlike
         * {@code ip netns exec}, {@code nsenter} keeps this machine's mounts (the agent needs /sys/fs/cgroup as it
         * is).
         */
        List<String> enter() {
            return List.of("nsenter", "--net=/run/netns/" + name);
        }

        /** The inode of the host's network namespace, as {@code /proc/PID/ns/net} links name it. */
        String namespaceLink() {
            try {
                return "net:[" + Files.getAttribute(Path.of("/run/netns", name), "unix:ino") + "]";
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stat the network namespace " + name, e);
            }
        }
    }

    private final String bridge;
    private final String prefix;
    private final List<Host> hosts = new ArrayList<>();

    /**
     * @param bridge the bridge's name, at most 9 characters (its veths are named after it)
     * @param prefix the first three octets of the /24 the hosts live in: {@code 10.93.0}
     */
    NetworkHosts(String bridge, String prefix) {
        if (bridge.length() > 9) {
            throw new IllegalArgumentException("bridge name " + bridge + " is longer than 9 characters");
        }
        this.bridge = bridge;
        this.prefix = prefix;
        removeLeftovers();
        run("ip", "link", "add", bridge, "type", "bridge");
        run("ip", "addr", "add", gateway() + "/24", "dev", bridge);
        run("ip", "link", "set", bridge, "up");
    }

    /** This machine's address on the bridge, where the hosts reach it. */
    String gateway() {
        return prefix + ".1";
    }

    /** Adds host {@code suffix} ("a", "b", ...), the {@code n}-th: namespace {@code BRIDGE-suffix}, address .(10+n). */
    Host add(String suffix) {
        Host host = new Host(bridge + "-" + suffix, prefix + "." + (11 + hosts.size()));
        String outside = bridge + "-" + suffix;
        run("ip", "netns", "add", host.name());
        hosts.add(host);
        run("ip", "link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", host.name());
        run("ip", "link", "set", outside, "master", bridge, "up");
        run("ip", "netns", "exec", host.name(), "ip", "addr", "add", host.address() + "/24", "dev", "eth0");
        run("ip", "netns", "exec", host.name(), "ip", "link", "set", "eth0", "up");
        run("ip", "netns", "exec", host.name(), "ip", "link", "set", "lo", "up");
        return host;
    }

    /**
     * Every process whose network namespace is the host's: its agent, and what that agent runs in the host's network
     * (containers with {@code --network host}, port proxies). Containers in namespaces of their own are found by
     * their cgroups instead.
     */
    static Set<Long> processesIn(Host host) {
        String link = host.namespaceLink();
        Set<Long> found = new HashSet<>();
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            for (Path dir : proc.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    if (Files.readSymbolicLink(dir.resolve("ns/net")).toString().equals(link)) {
                        found.add(Long.parseLong(dir.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // exited meanwhile, or a kernel thread
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc", e);
        }
        return found;
    }

    /** Runs a command in the host's network namespace; its output, or an error with it. */
    static String runIn(Host host, String... command) {
        List<String> all = new ArrayList<>(host.enter());
        all.addAll(List.of(command));
        return run(all.toArray(String[]::new));
    }

    @Override
    public void close() {
        for (Host host : hosts) {
            runQuietly("ip", "netns", "del", host.name());
        }
        runQuietly("ip", "link", "del", bridge);
    }

    /** What an earlier run killed before it could close is removed first. */
    private void removeLeftovers() {
        try (Stream<Path> namespaces = Files.isDirectory(Path.of("/run/netns")) ? Files.list(Path.of("/run/netns"))
                : Stream.empty()) {
            namespaces.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(bridge + "-"))
                    .forEach(n -> runQuietly("ip", "netns", "del", n));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /run/netns", e);
        }
        runQuietly("ip", "link", "del", bridge);
    }

    static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void runQuietly(String... command) {
        try {
            run(command);
        } catch (RuntimeException e) {
            // not there
        }
    }
}
