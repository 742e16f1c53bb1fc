package dev.berth.agent.api;

import dev.berth.agent.AgentException;
import dev.berth.agent.cgroup.CgroupException;
import dev.berth.agent.container.ContainerConflictException;
import dev.berth.agent.container.InvalidSpecException;
import dev.berth.agent.container.NoSuchContainerException;
import dev.berth.agent.container.NoSuchExecException;
import dev.berth.agent.distribution.RegistryException;
import dev.berth.agent.distribution.RegistryUnreachableException;
import dev.berth.agent.image.AmbiguousImageReferenceException;
import dev.berth.agent.image.ImageException;
import dev.berth.agent.image.ImageHasTagsException;
import dev.berth.agent.image.ImageInUseException;
import dev.berth.agent.image.InvalidArchiveException;
import dev.berth.agent.image.InvalidLayerException;
import dev.berth.agent.image.NoSuchImageException;
import dev.berth.agent.launch.EntrypointException;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.network.InvalidNetworkSpecException;
import dev.berth.agent.network.NetworkConflictException;
import dev.berth.agent.network.NoSuchNetworkException;
import dev.berth.agent.rootfs.RootfsException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/** The one place where errors become RFC 9457 problem details. */
@RestControllerAdvice
class ProblemDetails {
    private static final Logger log = LoggerFactory.getLogger(ProblemDetails.class);
    private static final String TYPE_BASE = "https://berth.dev/problems/";

    @ExceptionHandler(NoSuchContainerException.class)
    ResponseEntity<ProblemDetail> noSuchContainer(NoSuchContainerException e, ServerWebExchange exchange) {
        return problem(HttpStatus.NOT_FOUND, "no-such-container", "No such container", e.getMessage(), exchange);
    }

    @ExceptionHandler(NoSuchExecException.class)
    ResponseEntity<ProblemDetail> noSuchExec(NoSuchExecException e, ServerWebExchange exchange) {
        return problem(HttpStatus.NOT_FOUND, "no-such-exec", "No such exec instance", e.getMessage(), exchange);
    }

    @ExceptionHandler(NoSuchImageException.class)
    ResponseEntity<ProblemDetail> noSuchImage(NoSuchImageException e, ServerWebExchange exchange) {
        return problem(HttpStatus.NOT_FOUND, "no-such-image", "No such image", e.getMessage(), exchange);
    }

    @ExceptionHandler(ContainerConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ContainerConflictException e, ServerWebExchange exchange) {
        return problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage(), exchange);
    }

    @ExceptionHandler(ImageInUseException.class)
    ResponseEntity<ProblemDetail> imageInUse(ImageInUseException e, ServerWebExchange exchange) {
        return problem(HttpStatus.CONFLICT, "image-in-use", "Image in use", e.getMessage(), exchange);
    }

    @ExceptionHandler({ImageHasTagsException.class, AmbiguousImageReferenceException.class})
    ResponseEntity<ProblemDetail> imageConflict(ImageException e, ServerWebExchange exchange) {
        return problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage(), exchange);
    }

    @ExceptionHandler(InvalidSpecException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidSpecException e, ServerWebExchange exchange) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                e.getMessage(), exchange);
        response.getBody().setProperty("field", e.field());
        return response;
    }

    @ExceptionHandler(NoSuchNetworkException.class)
    ResponseEntity<ProblemDetail> noSuchNetwork(NoSuchNetworkException e, ServerWebExchange exchange) {
        return problem(HttpStatus.NOT_FOUND, "no-such-network", "No such network", e.getMessage(), exchange);
    }

    @ExceptionHandler(NetworkConflictException.class)
    ResponseEntity<ProblemDetail> networkConflict(NetworkConflictException e, ServerWebExchange exchange) {
        return problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage(), exchange);
    }

    @ExceptionHandler(InvalidNetworkSpecException.class)
    ResponseEntity<ProblemDetail> invalidNetwork(InvalidNetworkSpecException e, ServerWebExchange exchange) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                e.getMessage(), exchange);
        response.getBody().setProperty("field", e.field());
        return response;
    }

    @ExceptionHandler(InvalidArchiveException.class)
    ResponseEntity<ProblemDetail> invalidArchive(InvalidArchiveException e, ServerWebExchange exchange) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-archive", "Invalid image archive", e.getMessage(), exchange);
    }

    @ExceptionHandler(InvalidLayerException.class)
    ResponseEntity<ProblemDetail> invalidLayer(InvalidLayerException e, ServerWebExchange exchange) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-layer", "Invalid image layer", e.getMessage(), exchange);
    }

    @ExceptionHandler({IllegalArgumentException.class, ServerWebInputException.class})
    ResponseEntity<ProblemDetail> badInput(Exception e, ServerWebExchange exchange) {
        String detail = e instanceof ServerWebInputException input && input.getReason() != null
                ? input.getReason() + rootCause(e) : e.getMessage();
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail, exchange);
    }

    @ExceptionHandler(EntrypointException.class)
    ResponseEntity<ProblemDetail> entrypoint(EntrypointException e, ServerWebExchange exchange) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.UNPROCESSABLE_CONTENT, "cannot-execute",
                "The container's command cannot be executed", e.getMessage(), exchange);
        response.getBody().setProperty("exitCode", e.exitCode());
        return response;
    }

    @ExceptionHandler({SyscallException.class, CgroupException.class, RootfsException.class})
    ResponseEntity<ProblemDetail> kernel(AgentException e, ServerWebExchange exchange) {
        log.warn("{} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), e.getMessage());
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "kernel-refused", "The kernel refused an operation",
                e.getMessage(), exchange);
    }

    @ExceptionHandler(RegistryUnreachableException.class)
    ResponseEntity<ProblemDetail> registryUnreachable(RegistryUnreachableException e, ServerWebExchange exchange) {
        return problem(HttpStatus.BAD_GATEWAY, "registry-unreachable", "Registry unreachable", e.getMessage(),
                exchange);
    }

    /**
     * The registry's own refusal: "not found" stays a 404 (of the remote image), a refusal of credentials a 403;
     * anything else is a bad gateway.
     */
    @ExceptionHandler(RegistryException.class)
    ResponseEntity<ProblemDetail> registry(RegistryException e, ServerWebExchange exchange) {
        if (e.notFound()) {
            return problem(HttpStatus.NOT_FOUND, "no-such-remote-image", "No such image in the registry",
                    e.getMessage(), exchange);
        }
        if (e.status() == HttpStatus.UNAUTHORIZED.value()) {
            // Not 401: that would read as the agent's own refusal of the caller, not the registry's of the agent.
            return problem(HttpStatus.FORBIDDEN, "registry-unauthorized", "The registry refused access",
                    e.getMessage(), exchange);
        }
        if (e.status() == HttpStatus.NOT_IMPLEMENTED.value()) {
            return problem(HttpStatus.NOT_IMPLEMENTED, "registry-unsupported", "Not offered by the registry",
                    e.getMessage(), exchange);
        }
        return problem(HttpStatus.BAD_GATEWAY, "registry-error", "Registry error", e.getMessage(), exchange);
    }

    @ExceptionHandler(AgentException.class)
    ResponseEntity<ProblemDetail> agent(AgentException e, ServerWebExchange exchange) {
        log.warn("{} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), e.getMessage());
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "agent-error", "Node agent error", e.getMessage(),
                exchange);
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause == e || cause.getMessage() == null ? "" : ": " + cause.getMessage();
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail,
                                                         ServerWebExchange exchange) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
