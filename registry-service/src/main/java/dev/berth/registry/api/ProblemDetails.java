package dev.berth.registry.api;

import dev.berth.registry.RegistryException;
import java.net.URI;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/** Errors of {@code /api/v1} as RFC 9457 problem details ({@code /v2/} has its own form: {@link OciErrors}). */
@RestControllerAdvice
class ProblemDetails {
    private static final Logger log = LoggerFactory.getLogger(ProblemDetails.class);
    private static final String TYPE_BASE = "https://berth.dev/problems/";

    @ExceptionHandler({IllegalArgumentException.class, ServerWebInputException.class})
    ResponseEntity<ProblemDetail> badInput(Exception e, ServerWebExchange exchange) {
        String detail = e instanceof ServerWebInputException input && input.getReason() != null
                ? input.getReason() : e.getMessage();
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail, exchange);
    }

    @ExceptionHandler(RegistryException.class)
    ResponseEntity<ProblemDetail> registry(RegistryException e, ServerWebExchange exchange) {
        if (e.status() >= 500) {
            log.warn("{} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), e.getMessage(),
                    e);
        }
        String type = e.code().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return problem(HttpStatusCode.valueOf(e.status()), type, e.code().description(), e.getMessage(), exchange);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String type, String title,
                                                         String detail, ServerWebExchange exchange) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
