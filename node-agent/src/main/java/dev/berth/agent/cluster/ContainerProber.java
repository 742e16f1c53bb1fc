package dev.berth.agent.cluster;

import dev.berth.agent.container.ContainerRuntime;
import dev.berth.agent.container.Exec;
import dev.berth.agent.container.ExecRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Health checks of replica containers: an exec through the agent's own exec path (in the container's namespaces,
 * root and cgroup; passed on exit 0), or an HTTP GET of the container's own address on its bridge (passed on 2xx or
 * 3xx). No other address is ever asked.
 */
public final class ContainerProber implements Prober {
    private final ContainerRuntime runtime;
    private final HttpClient http;

    public ContainerProber(ContainerRuntime runtime) {
        this.runtime = runtime;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Result probe(ReplicaContainer container, HealthCheck check) {
        return check.exec() != null ? exec(container, check.exec(), check) : get(container, check);
    }

    private Result exec(ReplicaContainer container, List<String> command, HealthCheck check) {
        Exec exec = runtime.execs().create(container.id(),
                new ExecRequest(command, List.of(), null, null, false, false, true));
        runtime.execs().start(exec.id());
        try {
            int code = exec.exit().get(check.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Result(code == 0, String.join(" ", command) + " exited with " + code);
        } catch (TimeoutException e) {
            ProcessHandle.of(exec.pid()).ifPresent(ProcessHandle::destroyForcibly);
            return new Result(false, String.join(" ", command) + " did not finish within " + check.timeout());
        } catch (ExecutionException e) {
            return new Result(false, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
    }

    private Result get(ReplicaContainer container, HealthCheck check) {
        if (container.address() == null) {
            return new Result(false, "the container has no address on a bridge to check");
        }
        URI uri = URI.create("http://" + container.address() + ":" + check.httpPort() + check.httpPath());
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(check.timeout()).GET()
                    .build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return new Result(status >= 200 && status < 400, "GET " + uri + ": " + status);
        } catch (IOException e) {
            return new Result(false, "GET " + uri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
    }
}
