package dev.berth.logs.api;

import dev.berth.logs.LogException;
import dev.berth.logs.Problem;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/** Every error as RFC 9457 problem details, with a type per {@link Problem}. */
@RestControllerAdvice
class ProblemDetails {
    private static final Logger log = LoggerFactory.getLogger(ProblemDetails.class);
    private static final String TYPE_BASE = "https://berth.dev/problems/";

    @ExceptionHandler(LogException.class)
    ResponseEntity<ProblemDetail> log(LogException e, ServerWebExchange exchange) {
        if (e.problem().status() >= 500) {
            log.warn("{} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    e.getMessage(), e.problem() == Problem.INTERNAL ? e : null);
        }
        return problem(e.problem(), e.getMessage(), exchange);
    }

    @ExceptionHandler({IllegalArgumentException.class, ServerWebInputException.class})
    ResponseEntity<ProblemDetail> badInput(Exception e, ServerWebExchange exchange) {
        String detail = e instanceof ServerWebInputException input && input.getReason() != null
                ? input.getReason() : e.getMessage();
        return problem(Problem.INVALID_QUERY, detail, exchange);
    }

    @ExceptionHandler(DataBufferLimitException.class)
    ResponseEntity<ProblemDetail> tooLarge(DataBufferLimitException e, ServerWebExchange exchange) {
        return problem(Problem.TOO_LARGE, "the request body is larger than berth.logs.ingest.max-request", exchange);
    }

    static ResponseEntity<ProblemDetail> problem(Problem kind, String detail, ServerWebExchange exchange) {
        HttpStatusCode status = HttpStatusCode.valueOf(kind.status());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + kind.slug()));
        problem.setTitle(kind.title());
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (kind.status() == HttpStatus.SERVICE_UNAVAILABLE.value() || kind == Problem.TOO_MANY_REQUESTS) {
            answer.header("Retry-After", "1");
        }
        return answer.body(problem);
    }
}
