package dev.berth.logs.api;

import dev.berth.logs.client.Source;
import dev.berth.logs.retention.Retention;
import dev.berth.logs.retention.RetentionReport;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Retention: run it now, and set a tenant's. */
@RestController
final class RetentionController {
    private final Retention retention;
    private final LogSchedulers schedulers;

    RetentionController(Retention retention, LogSchedulers schedulers) {
        this.retention = retention;
        this.schedulers = schedulers;
    }

    @PostMapping("/internal/v1/retention/run")
    Mono<RetentionReport> run() {
        return schedulers.io(retention::run);
    }

    @PutMapping("/internal/v1/tenants/{tenant}/retention")
    Mono<ResponseEntity<Map<String, Object>>> set(@PathVariable String tenant, @RequestParam int days) {
        Source.checkName("tenant", tenant);
        return schedulers.io(() -> {
            retention.setTenantDays(tenant, days);
            return ResponseEntity.ok(Map.<String, Object>of("tenant", tenant, "days", days));
        });
    }
}
