package dev.berth.scheduler.api;

import dev.berth.scheduler.Problem;
import dev.berth.scheduler.SchedulerException;
import dev.berth.scheduler.spec.SpecException;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Every error as RFC 9457 problem details, with a type per {@link Problem}, and the field at fault as {@code field}
 * (for invalid specs, every fault in {@code errors}).
 */
@RestControllerAdvice
class ProblemDetails {
    private static final Logger log = LoggerFactory.getLogger(ProblemDetails.class);
    private static final String TYPE_BASE = "https://berth.dev/problems/";

    @ExceptionHandler(SchedulerException.class)
    ResponseEntity<ProblemDetail> scheduler(SchedulerException e, ServerWebExchange exchange) {
        if (e.problem().status() >= 500) {
            log.warn("{} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    e.getMessage(), e.problem() == Problem.INTERNAL ? e : null);
        }
        ResponseEntity<ProblemDetail> answer = problem(e.problem(), e.getMessage(), e.field(), exchange);
        if (e instanceof SpecException spec && answer.getBody() != null) {
            answer.getBody().setProperty("errors", spec.errors());
        }
        return answer;
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> badInput(ServerWebInputException e, ServerWebExchange exchange) {
        String field = e.getMethodParameter() == null ? null : e.getMethodParameter().getParameterName();
        return problem(Problem.INVALID_REQUEST, e.getReason() != null ? e.getReason() : e.getMessage(), field,
                exchange);
    }

    static ResponseEntity<ProblemDetail> problem(Problem kind, @Nullable String detail, @Nullable String field,
                                                 ServerWebExchange exchange) {
        HttpStatusCode status = HttpStatusCode.valueOf(kind.status());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + kind.slug()));
        problem.setTitle(kind.title());
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        if (field != null) {
            problem.setProperty("field", field);
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (kind == Problem.DATABASE_UNAVAILABLE) {
            answer.header("Retry-After", "1");
        }
        return answer.body(problem);
    }
}
