package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.Console;
import dev.berth.cli.api.ContainerApi;
import dev.berth.cli.api.ExecApi;
import dev.berth.cli.api.ImageApi;
import dev.berth.cli.api.LogServiceApi;
import dev.berth.cli.api.NetworkApi;
import dev.berth.cli.api.NodeApi;
import dev.berth.cli.api.NodeInfo;
import dev.berth.cli.cluster.SchedulerAddress;
import dev.berth.cli.cluster.SchedulerApi;
import dev.berth.cli.config.ConfigFile;
import dev.berth.cli.gateway.GatewayApi;
import dev.berth.cli.http.AgentAddress;
import dev.berth.cli.http.AgentClient;
import dev.berth.cli.http.Endpoint;
import dev.berth.cli.signal.SignalTrap;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a command works with: the console, the agent, the process's environment, its signals and the clock. The
 * agent's address is looked up, and its HTTP client built, only when a command first talks to it.
 *
 * <p>With an API token ({@link Endpoint#viaGateway()}) the one address is the api-gateway's: the agent's API, the
 * scheduler's, log-service's and the gateway's own are all reached there, and every request carries the token.
 */
public final class CommandContext implements AutoCloseable {

    private final Console console;
    private final Supplier<Endpoint> resolve;
    private @Nullable Endpoint endpoint;
    private final Map<String, String> environment;
    private final SignalTrap signals;
    private final Clock clock;
    private @Nullable AgentClient client;
    private @Nullable AgentClient logClient;
    private @Nullable AgentClient schedulerClient;

    public CommandContext(Console console, Supplier<Endpoint> endpoint, Map<String, String> environment,
            SignalTrap signals, Clock clock) {
        this.console = console;
        this.resolve = endpoint;
        this.environment = environment;
        this.signals = signals;
        this.clock = clock;
    }

    public Console console() {
        return console;
    }

    public PrintStream out() {
        return console.out();
    }

    /** Prints {@code berth: message} to stderr, the form of every error the CLI reports. */
    public void error(String message) {
        console.err().println("berth: " + message);
    }

    public ContainerApi containers() {
        return new ContainerApi(client());
    }

    public ExecApi execs() {
        return new ExecApi(client());
    }

    public ImageApi images() {
        return new ImageApi(client());
    }

    public NetworkApi networks() {
        return new NetworkApi(client());
    }

    public NodeApi node() {
        return new NodeApi(client());
    }

    /**
     * log-service at the address the agent ships to, or behind the gateway at its address; the token goes only to
     * the gateway.
     */
    public synchronized LogServiceApi logService(String address) {
        AgentAddress parsed = AgentAddress.parse(address);
        if (logClient == null || !logClient.address().equals(parsed)) {
            if (logClient != null) {
                logClient.close();
            }
            Endpoint gateway = endpoint();
            logClient = new AgentClient(new Endpoint(parsed, parsed.equals(gateway.address()) ? gateway.token() : null),
                    "log-service");
        }
        return new LogServiceApi(logClient);
    }

    /** The api-gateway's own API: who the token is, tenants and tokens. It needs a token. */
    public GatewayApi gateway() {
        if (!endpoint().viaGateway()) {
            throw new CliException("no token: log in with berth login [URL], or set " + Endpoint.TOKEN_VARIABLE);
        }
        return new GatewayApi(client());
    }

    /** Where the requests go and the token they carry, looked up on first use. */
    public synchronized Endpoint endpoint() {
        if (endpoint == null) {
            endpoint = resolve.get();
        }
        return endpoint;
    }

    /**
     * The scheduler, at the address {@link SchedulerAddress} resolves from the flag, the environment or the node
     * agent, acting for the tenant named by the flag or the environment. With a token it is behind the gateway,
     * unless {@code --scheduler} names it, and the gateway sets the tenant to the token's.
     */
    public synchronized SchedulerApi scheduler(@Nullable String addressFlag, @Nullable String tenantFlag) {
        if (schedulerClient == null) {
            Endpoint endpoint = endpoint();
            schedulerClient = endpoint.viaGateway() && (addressFlag == null || addressFlag.isBlank())
                    ? new AgentClient(endpoint, "the api-gateway")
                    : new AgentClient(SchedulerAddress.resolve(addressFlag, environment, this::reportedScheduler),
                            "the scheduler");
        }
        return new SchedulerApi(schedulerClient, SchedulerAddress.tenant(tenantFlag, environment));
    }

    /** The scheduler the node agent has joined, or null when it has joined none or does not answer. */
    private @Nullable String reportedScheduler() {
        try {
            NodeInfo.Cluster cluster = node().info().cluster();
            return cluster == null ? null : cluster.scheduler();
        } catch (CliException e) {
            return null;
        }
    }

    public AgentAddress agentAddress() {
        return client().address();
    }

    /** {@code ~/.berth/config.json}, under this process's {@code $HOME}. */
    public ConfigFile configFile() {
        return ConfigFile.of(environment);
    }

    public @Nullable String environment(String name) {
        return environment.get(name);
    }

    public SignalTrap signals() {
        return signals;
    }

    public Instant now() {
        return clock.instant();
    }

    private synchronized AgentClient client() {
        if (client == null) {
            Endpoint endpoint = endpoint();
            client = new AgentClient(endpoint, endpoint.viaGateway() ? "the api-gateway" : "the node agent");
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
        if (logClient != null) {
            logClient.close();
        }
        if (schedulerClient != null) {
            schedulerClient.close();
        }
    }
}
