package dev.berth.scheduler.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks a submitted {@link ServiceSpec} and writes it in its one stored form, defaults filled. Every fault is reported,
 * each under its JSON path, so a user fixes a spec in one round.
 */
public final class SpecValidator {
    public static final String DEFAULT_CPU = "100m";
    public static final String DEFAULT_MEMORY = "64Mi";
    public static final long DEFAULT_PIDS = 512;
    public static final int MAX_REPLICAS = 10_000;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> POLICIES = Set.of("always", "on-failure", "never");

    private SpecValidator() {}

    /** Whether {@code name} may name an app or a service: lowercase DNS label. */
    public static boolean validName(String name) {
        return NAME.matcher(name).matches();
    }

    public static void checkName(String field, @Nullable String name) {
        if (name == null || !validName(name)) {
            throw SpecException.of(field, "must be a lowercase DNS label (a-z, 0-9, '-', at most 63), not '" + name
                    + "'");
        }
    }

    /** The spec in its stored form; a {@link SpecException} listing every fault, paths prefixed with {@code at}. */
    public static ServiceSpec validate(String at, ServiceSpec spec) {
        Errors errors = new Errors(at);
        String image = spec.image();
        if (image == null || image.isBlank()) {
            errors.add("image", "is required");
        } else if (!ImageReference.valid(image)) {
            errors.add("image", "'" + image + "' is not an image reference ([registry[:port]/]name[:tag][@digest])");
        }
        List<String> command = spec.command() == null ? List.of() : spec.command();
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i) == null) {
                errors.add("command[" + i + "]", "must be a string");
            }
        }
        Map<String, String> env = spec.env() == null ? Map.of() : spec.env();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                errors.add("env." + e.getKey(), "is not a valid environment variable name");
            } else if (e.getValue() == null) {
                errors.add("env." + e.getKey(), "must be a string");
            }
        }
        int replicas = spec.replicas() == null ? 1 : spec.replicas();
        if (replicas < 0) {
            errors.add("replicas", "must be 0 or more, not " + replicas);
        } else if (replicas > MAX_REPLICAS) {
            errors.add("replicas", "must be at most " + MAX_REPLICAS + ", not " + replicas);
        }
        ServiceSpec.Resources resources = resources(spec.resources(), errors);
        List<ServiceSpec.Port> ports = ports(spec.ports(), errors);
        ServiceSpec.Restart restart = restart(spec.restart(), errors);
        ServiceSpec.Health health = health(spec.health(), errors);
        ServiceSpec.Placement placement = placement(spec.placement(), errors);
        ServiceSpec.Update update = update(spec.update(), errors);
        errors.throwIfAny();
        return new ServiceSpec(image, List.copyOf(command), new java.util.TreeMap<>(env), replicas, resources, ports,
                restart, health, placement, update);
    }

    private static ServiceSpec.Resources resources(ServiceSpec.@Nullable Resources given, Errors errors) {
        ServiceSpec.Resources resources = given == null ? new ServiceSpec.Resources(null, null, null) : given;
        ServiceSpec.Range cpu = range("resources.cpu", resources.cpu(), DEFAULT_CPU, Quantities::cpuMilli, "m",
                "cores (0.5) or millicores (250m)", errors);
        ServiceSpec.Range memory = range("resources.memory", resources.memory(), DEFAULT_MEMORY, Quantities::bytes,
                "", "bytes, or with a unit (256Mi, 1G)", errors);
        long pids = resources.pids() == null ? DEFAULT_PIDS : resources.pids();
        if (pids < 1) {
            errors.add("resources.pids", "must be 1 or more, not " + pids);
        }
        return new ServiceSpec.Resources(cpu, memory, pids);
    }

    private static ServiceSpec.Range range(String field, ServiceSpec.@Nullable Range given, String fallback,
                                           java.util.function.Function<String, @Nullable Long> parse, String unit,
                                           String grammar, Errors errors) {
        String requestText = given == null || given.request() == null ? fallback : given.request();
        String limitText = given == null || given.limit() == null ? requestText : given.limit();
        Long request = parse.apply(requestText);
        Long limit = parse.apply(limitText);
        if (request == null) {
            errors.add(field + ".request", "'" + requestText + "' is not a quantity: " + grammar);
        } else if (request <= 0) {
            errors.add(field + ".request", "must be more than 0");
        }
        if (limit == null) {
            errors.add(field + ".limit", "'" + limitText + "' is not a quantity: " + grammar);
        }
        if (request != null && limit != null && request > limit) {
            errors.add(field + ".request", "is more than the limit (" + requestText + " > " + limitText + ")");
        }
        return new ServiceSpec.Range(request == null ? requestText : request + unit,
                limit == null ? limitText : limit + unit);
    }

    private static List<ServiceSpec.Port> ports(@Nullable List<ServiceSpec.Port> given, Errors errors) {
        List<ServiceSpec.Port> ports = new ArrayList<>();
        Set<String> hosts = new HashSet<>();
        List<ServiceSpec.Port> list = given == null ? List.of() : given;
        for (int i = 0; i < list.size(); i++) {
            ServiceSpec.Port port = list.get(i);
            String at = "ports[" + i + "]";
            if (port == null) {
                errors.add(at, "must be an object");
                continue;
            }
            String protocol = port.protocol() == null ? "tcp" : port.protocol();
            if (!protocol.equals("tcp") && !protocol.equals("udp")) {
                errors.add(at + ".protocol", "must be tcp or udp, not '" + protocol + "'");
            }
            if (port.container() == null) {
                errors.add(at + ".container", "is required");
            } else if (port.container() < 1 || port.container() > 65535) {
                errors.add(at + ".container", "must be between 1 and 65535, not " + port.container());
            }
            if (port.host() != null) {
                if (port.host() < 1 || port.host() > 65535) {
                    errors.add(at + ".host", "must be between 1 and 65535, not " + port.host());
                } else if (!hosts.add(port.host() + "/" + protocol)) {
                    errors.add(at + ".host", "host port " + port.host() + "/" + protocol + " is published twice");
                }
            }
            ports.add(new ServiceSpec.Port(port.container(), port.host(), protocol));
        }
        return ports;
    }

    private static ServiceSpec.Restart restart(ServiceSpec.@Nullable Restart given, Errors errors) {
        ServiceSpec.Restart restart = given == null ? new ServiceSpec.Restart(null, null, null, null) : given;
        String policy = restart.policy() == null ? "always" : restart.policy();
        if (!POLICIES.contains(policy)) {
            errors.add("restart.policy", "must be always, on-failure or never, not '" + policy + "'");
        }
        int maxRetries = restart.maxRetries() == null ? 0 : restart.maxRetries();
        if (maxRetries < 0) {
            errors.add("restart.maxRetries", "must be 0 (no limit) or more, not " + maxRetries);
        }
        String backoff = duration("restart.backoff", restart.backoff(), "1s", errors);
        String maxBackoff = duration("restart.maxBackoff", restart.maxBackoff(), "1m", errors);
        return new ServiceSpec.Restart(policy, maxRetries, backoff, maxBackoff);
    }

    private static ServiceSpec.@Nullable Health health(ServiceSpec.@Nullable Health health, Errors errors) {
        if (health == null) {
            return null;
        }
        boolean exec = health.exec() != null;
        boolean http = health.http() != null;
        if (exec == http) {
            errors.add("health", "needs exactly one of exec and http");
        }
        if (exec && health.exec().isEmpty()) {
            errors.add("health.exec", "must name a command");
        }
        ServiceSpec.HttpCheck check = null;
        if (http) {
            Integer port = health.http().port();
            if (port == null || port < 1 || port > 65535) {
                errors.add("health.http.port", "must be between 1 and 65535, not " + port);
            }
            String path = health.http().path() == null ? "/" : health.http().path();
            if (!path.startsWith("/")) {
                errors.add("health.http.path", "must start with '/'");
            }
            check = new ServiceSpec.HttpCheck(port, path);
        }
        String interval = duration("health.interval", health.interval(), "10s", errors);
        String timeout = duration("health.timeout", health.timeout(), "2s", errors);
        int retries = health.retries() == null ? 3 : health.retries();
        if (retries < 1) {
            errors.add("health.retries", "must be 1 or more, not " + retries);
        }
        Long intervalMs = Quantities.millis(interval);
        Long timeoutMs = Quantities.millis(timeout);
        if (intervalMs != null && intervalMs <= 0) {
            errors.add("health.interval", "must be more than 0");
        }
        if (intervalMs != null && timeoutMs != null && timeoutMs > intervalMs) {
            errors.add("health.timeout", "is longer than the interval");
        }
        return new ServiceSpec.Health(exec ? List.copyOf(health.exec()) : null, check, interval, timeout, retries);
    }

    private static ServiceSpec.Placement placement(ServiceSpec.@Nullable Placement given, Errors errors) {
        List<String> constraints = new ArrayList<>();
        List<String> list = given == null || given.constraints() == null ? List.of() : given.constraints();
        for (int i = 0; i < list.size(); i++) {
            Constraint constraint = list.get(i) == null ? null : Constraint.parse(list.get(i));
            if (constraint == null) {
                errors.add("placement.constraints[" + i + "]", "'" + list.get(i) + "' is not a constraint:"
                        + " node.labels.KEY == VALUE, node.labels.KEY != VALUE or node.id == ID");
            } else {
                constraints.add(constraint.toString());
            }
        }
        String spread = given == null ? null : given.spread();
        if (spread != null && !Constraint.validAttribute(spread)) {
            errors.add("placement.spread", "must be node.id or node.labels.KEY, not '" + spread + "'");
        }
        return new ServiceSpec.Placement(constraints, spread);
    }

    private static ServiceSpec.Update update(ServiceSpec.@Nullable Update given, Errors errors) {
        int maxUnavailable = given == null || given.maxUnavailable() == null ? 1 : given.maxUnavailable();
        int maxSurge = given == null || given.maxSurge() == null ? 1 : given.maxSurge();
        if (maxUnavailable < 0) {
            errors.add("update.maxUnavailable", "must be 0 or more, not " + maxUnavailable);
        }
        if (maxSurge < 0) {
            errors.add("update.maxSurge", "must be 0 or more, not " + maxSurge);
        }
        if (maxUnavailable == 0 && maxSurge == 0) {
            errors.add("update.maxSurge", "maxUnavailable and maxSurge cannot both be 0: no replica could be replaced");
        }
        return new ServiceSpec.Update(maxUnavailable, maxSurge);
    }

    private static String duration(String field, @Nullable String given, String fallback, Errors errors) {
        String text = given == null ? fallback : given;
        Long ms = Quantities.millis(text);
        if (ms == null) {
            errors.add(field, "'" + text + "' is not a duration (500ms, 10s, 1m, 1h)");
            return text;
        }
        return ms + "ms";
    }

    /** The faults found so far, under a common path prefix. */
    private static final class Errors {
        private final String prefix;
        private final List<FieldError> list = new ArrayList<>();

        Errors(String at) {
            this.prefix = at.isEmpty() ? "" : at + ".";
        }

        void add(String field, String message) {
            list.add(new FieldError(prefix + field, message));
        }

        void throwIfAny() {
            if (!list.isEmpty()) {
                throw new SpecException(list);
            }
        }
    }
}
