package dev.berth.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.util.unit.DataSize;

/**
 * The node agent's settings ({@code berth.agent.*}).
 *
 * <pre>
 * stateDir/                 (/var/lib/berth/agent: survives reboots)
 * ├── images/               layers, blobs and tags: see the image package
 * ├── containers/&lt;id&gt;/      each container: see ContainerPaths
 * ├── networks/             each network and its leases
 * ├── log-spool/&lt;id&gt;/       a removed container's logs until they are shipped (see LogShipper)
 * ├── cluster/restarts.json each replica's restart count (see RestartLedger), when the node is in a cluster
 * └── cache/                the portable init's JNA stub and AOT cache
 * runDir/                   (/run/berth: gone at reboot, like the containers)
 * ├── containers/&lt;id&gt;/      a launch's gate
 * └── exits/                the supervisor's exit records (see ExitRecords), when it runs the agent
 * </pre>
 *
 * @param stateDir where images and containers are kept
 * @param runDir runtime files of launches in progress
 * @param launchMode {@code auto} (probe the kernel), {@code fast} or {@code portable}
 * @param cgroupVersion {@code auto}, {@code v1} or {@code v2}
 * @param cgroupParent the cgroup, in each hierarchy, that holds the containers' cgroups: one directory name; agents
 *     sharing a host need one each
 * @param initBinary the init bound at /dev/init for {@code --init}
 * @param runtimeThreads how many lifecycle operations run at once
 * @param cgroupFavorMigrations turn on the kernel's {@code favordynmods}, so that placing a container in its cgroup
 *     does not wait for an RCU grace period (see {@code MigrationTuning}); forks and exits become slightly dearer
 * @param network container networking
 * @param images the image store
 * @param registry where images are pulled from and pushed to
 * @param logs shipping container output to log-service
 * @param cluster membership of a cluster: the scheduler, this node's id, labels and capacity
 */
@ConfigurationProperties("berth.agent")
public record AgentProperties(@DefaultValue("/var/lib/berth/agent") Path stateDir,
                              @DefaultValue("/run/berth") Path runDir,
                              @DefaultValue("auto") String launchMode,
                              @DefaultValue("auto") String cgroupVersion,
                              @DefaultValue("berth") String cgroupParent,
                              @DefaultValue("/usr/bin/tini-static") String initBinary,
                              @DefaultValue("8") int runtimeThreads,
                              @DefaultValue("true") boolean cgroupFavorMigrations,
                              @DefaultValue Network network,
                              @DefaultValue Images images,
                              @DefaultValue Registry registry,
                              @DefaultValue Logs logs,
                              @DefaultValue Cluster cluster) {

    /**
     * {@code berth.agent.network.*}.
     *
     * @param defaultSubnet the subnet of the default network, {@code bridge} (used when it is first created)
     * @param defaultBridge the host bridge of the default network; must start with {@code berth}
     * @param table the name of Berth's nftables table (family ip)
     * @param pool where user networks get their /24 when they ask for no subnet
     * @param portDriver {@code auto} (kernel NAT if nft is installed), {@code nftables} or {@code userspace-proxy}
     * @param allowHost whether containers may share the host's network ({@code --network host})
     */
    public record Network(@DefaultValue("10.89.0.0/16") String defaultSubnet,
                          @DefaultValue("berth0") String defaultBridge,
                          @DefaultValue("10.90.0.0/16") String pool,
                          @DefaultValue("berth") String table,
                          @DefaultValue("auto") String portDriver,
                          @DefaultValue("true") boolean allowHost) {}

    /**
     * {@code berth.agent.images.*}.
     *
     * @param maxLayerSize the most one layer may be, as an uncompressed tar and unpacked: an import, load or commit
     *     past it is refused, so that a small compressed archive cannot fill the disk
     */
    public record Images(@DefaultValue("8GB") DataSize maxLayerSize) {}

    /**
     * {@code berth.agent.registry.*}.
     *
     * @param defaultRegistry {@code host[:port]} of the registry for image names without a host
     *     ({@code berth.agent.registry.default}); Berth's registry-service on this host by default
     * @param insecure registries off loopback spoken to over plain HTTP (loopback ones always are)
     * @param readTimeout how long a layer's download may receive nothing before the pull is failed
     */
    public record Registry(@Name("default") @DefaultValue("127.0.0.1:7720") String defaultRegistry,
                           @DefaultValue Set<String> insecure, @DefaultValue("60s") Duration readTimeout) {}

    /**
     * {@code berth.agent.logs.*}: the log shipper (see the README, "Log shipping").
     *
     * @param service log-service's base URI; empty turns shipping off
     * @param tenant the tenant of containers without a {@code berth.tenant} label
     * @param node this node's name in log-service; empty: the host name
     * @param spoolCap the most unshipped bytes the node keeps
     * @param dropPolicy past the cap: {@code drop-oldest} skips the oldest unshipped bytes, {@code none} keeps all
     * @param batchBytes the most bytes of one request
     * @param recordBytes the most payload of one bytes record
     * @param timeout of one request (and of connecting)
     */
    public record Logs(@DefaultValue("http://127.0.0.1:7730") String service,
                       @DefaultValue("default") String tenant,
                       @DefaultValue("") String node,
                       @DefaultValue("2GB") DataSize spoolCap,
                       @DefaultValue("drop-oldest") String dropPolicy,
                       @DefaultValue("1MB") DataSize batchBytes,
                       @DefaultValue("64KB") DataSize recordBytes,
                       @DefaultValue("10s") Duration timeout) {}

    /**
     * {@code berth.agent.cluster.*}: joining a cluster (see the README, "Joining a cluster").
     *
     * @param scheduler the scheduler's base URI ({@code http://10.0.0.1:7740}); empty (the default) keeps the node on
     *     its own
     * @param nodeId the node's id in the cluster; empty: the host name
     * @param address {@code host:port} the scheduler records the agent at; empty: the agent's own address and port
     * @param labels the node's labels, for placement constraints and spread
     * @param heartbeat the pause between heartbeats (well inside the scheduler's node-grace)
     * @param cpu cores or millicores offered to placement; empty: the host's CPU count
     * @param memory bytes offered (a size such as {@code 8GB}); empty: the host's memory
     * @param pids processes offered; 0: the kernel's pid_max
     * @param ports the host ports replicas may publish
     * @param stopTimeout how long a replica gets between SIGTERM and SIGKILL when the agent stops it
     * @param watchIdle how long the assignment stream may be silent before it is reopened (the scheduler sends
     *     keepalives every 15 s by default)
     * @param timeout connecting to the scheduler, and each register or heartbeat request
     */
    public record Cluster(@DefaultValue("") String scheduler,
                          @DefaultValue("") String nodeId,
                          @DefaultValue("") String address,
                          @DefaultValue Map<String, String> labels,
                          @DefaultValue("3s") Duration heartbeat,
                          @DefaultValue("") String cpu,
                          @DefaultValue("") String memory,
                          @DefaultValue("0") long pids,
                          @DefaultValue Ports ports,
                          @DefaultValue("10s") Duration stopTimeout,
                          @DefaultValue("45s") Duration watchIdle,
                          @DefaultValue("10s") Duration timeout) {}

    /** {@code berth.agent.cluster.ports.*}: the host ports replicas may publish. */
    public record Ports(@DefaultValue("1024") int min, @DefaultValue("65535") int max) {}

    public Path imagesDir() {
        return stateDir.resolve("images");
    }

    public Path containersDir() {
        return stateDir.resolve("containers");
    }

    public Path networksDir() {
        return stateDir.resolve("networks");
    }

    public Path cacheDir() {
        return stateDir.resolve("cache");
    }

    /** Logs of removed containers, until they are shipped. */
    public Path logSpoolDir() {
        return stateDir.resolve("log-spool");
    }

    public Path launchDir() {
        return runDir.resolve("containers");
    }
}
