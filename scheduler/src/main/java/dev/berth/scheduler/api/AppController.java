package dev.berth.scheduler.api;

import dev.berth.scheduler.desired.AppRequest;
import dev.berth.scheduler.desired.AppStore;
import dev.berth.scheduler.desired.Views;
import dev.berth.scheduler.spec.ServiceSpec;
import dev.berth.scheduler.spec.StrictJson;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The tenant-facing API: apps, their services, versions, deploys, rollbacks and replicas. */
@RestController
@RequestMapping("/api/v1/apps")
final class AppController {
    private final AppStore apps;
    private final Blocking blocking;

    AppController(AppStore apps, Blocking blocking) {
        this.apps = apps;
        this.blocking = blocking;
    }

    /** {@code POST /scale}. */
    record ScaleRequest(@Nullable Integer replicas) {}

    /** {@code POST /deploy}: the image to roll out; the service may be left out when the app has only one. */
    record DeployRequest(@Nullable String service, @Nullable String image) {}

    /** {@code POST /rollback}: all optional; by default the version before the current one. */
    record RollbackRequest(@Nullable String service, @Nullable Integer version) {}

    @PostMapping
    Mono<ResponseEntity<Views.App>> create(@RequestParam(required = false) @Nullable String tenant,
                                           @RequestHeader(name = Tenancy.HEADER, required = false)
                                           @Nullable String header,
                                           @RequestBody(required = false) @Nullable String body) {
        String owner = Tenancy.of(tenant, header);
        AppRequest request = StrictJson.read(body == null ? "" : body, AppRequest.class);
        return blocking.run(() -> ResponseEntity.status(HttpStatus.CREATED).body(apps.create(owner, request)));
    }

    @GetMapping
    Mono<List<Views.App>> list(@RequestParam(required = false) @Nullable String tenant,
                               @RequestHeader(name = Tenancy.HEADER, required = false) @Nullable String header) {
        String owner = Tenancy.of(tenant, header);
        return blocking.run(() -> apps.list(owner));
    }

    @GetMapping("/{app}")
    Mono<Views.App> get(@PathVariable String app, @RequestParam(required = false) @Nullable String tenant,
                        @RequestHeader(name = Tenancy.HEADER, required = false) @Nullable String header) {
        String owner = Tenancy.of(tenant, header);
        return blocking.run(() -> apps.get(owner, app));
    }

    @DeleteMapping("/{app}")
    Mono<ResponseEntity<Void>> delete(@PathVariable String app, @RequestParam(required = false) @Nullable String tenant,
                                      @RequestHeader(name = Tenancy.HEADER, required = false) @Nullable String header) {
        String owner = Tenancy.of(tenant, header);
        return blocking.run(() -> {
            apps.delete(owner, app);
            return ResponseEntity.noContent().build();
        });
    }

    @PutMapping("/{app}/services/{service}")
    Mono<Views.Change> put(@PathVariable String app, @PathVariable String service,
                           @RequestParam(required = false) @Nullable String tenant,
                           @RequestHeader(name = Tenancy.HEADER, required = false) @Nullable String header,
                           @RequestBody(required = false) @Nullable String body) {
        String owner = Tenancy.of(tenant, header);
        ServiceSpec spec = StrictJson.read(body == null ? "" : body, ServiceSpec.class);
        return blocking.run(() -> apps.put(owner, app, service, spec));
    }

    @GetMapping("/{app}/services/{service}/versions")
    Mono<List<Views.Version>> versions(@PathVariable String app, @PathVariable String service,
                                       @RequestParam(required = false) @Nullable String tenant,
                                       @RequestHeader(name = Tenancy.HEADER, required = false)
                                       @Nullable String header) {
        String owner = Tenancy.of(tenant, header);
        return blocking.run(() -> apps.versions(owner, app, service));
    }

    @PostMapping("/{app}/services/{service}/scale")
    Mono<Views.Change> scale(@PathVariable String app, @PathVariable String service,
                             @RequestParam(required = false) @Nullable String tenant,
                             @RequestHeader(name = Tenancy.HEADER, required = false) @Nullable String header,
                             @RequestBody(required = false) @Nullable String body) {
        String owner = Tenancy.of(tenant, header);
        ScaleRequest request = StrictJson.read(body == null ? "" : body, ScaleRequest.class);
        return blocking.run(() -> apps.scale(owner, app, service, request.replicas()));
    }

    @GetMapping("/{app}/services/{service}/ps")
    Mono<List<Views.Replica>> ps(@PathVariable String app, @PathVariable String service,
                                 @RequestParam(required = false) @Nullable String tenant,
                                 @RequestHeader(name = Tenancy.HEADER, required = false) @Nullable String header) {
        String owner = Tenancy.of(tenant, header);
        return blocking.run(() -> apps.ps(owner, app, service));
    }

    @PostMapping("/{app}/deploy")
    Mono<Views.Change> deploy(@PathVariable String app, @RequestParam(required = false) @Nullable String tenant,
                              @RequestHeader(name = Tenancy.HEADER, required = false) @Nullable String header,
                              @RequestBody(required = false) @Nullable String body) {
        String owner = Tenancy.of(tenant, header);
        DeployRequest request = StrictJson.read(body == null ? "" : body, DeployRequest.class);
        return blocking.run(() -> apps.deploy(owner, app, request.service(), request.image()));
    }

    @PostMapping("/{app}/rollback")
    Mono<Views.Change> rollback(@PathVariable String app, @RequestParam(required = false) @Nullable String tenant,
                                @RequestHeader(name = Tenancy.HEADER, required = false) @Nullable String header,
                                @RequestBody(required = false) @Nullable String body) {
        String owner = Tenancy.of(tenant, header);
        RollbackRequest request = body == null || body.isBlank() ? new RollbackRequest(null, null)
                : StrictJson.read(body, RollbackRequest.class);
        return blocking.run(() -> apps.rollback(owner, app, request.service(), request.version()));
    }
}
