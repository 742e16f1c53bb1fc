package dev.berth.registry.api;

import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcReport;
import dev.berth.registry.search.ImageSearch;
import dev.berth.registry.search.ImageSearch.RepositoryMatch;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1}: what the registry offers beyond the OCI API: search, and garbage collection on demand. */
@RestController
@RequestMapping("/api/v1")
class ApiController {
    private static final int MAX_RESULTS = 200;

    private final ImageSearch search;
    private final GarbageCollector collector;
    private final RegistrySchedulers schedulers;

    ApiController(ImageSearch search, GarbageCollector collector, RegistrySchedulers schedulers) {
        this.search = search;
        this.collector = collector;
        this.schedulers = schedulers;
    }

    record SearchResult(String query, List<RepositoryMatch> repositories) {}

    record GcResult(int blobs, long blobBytes, int uploads, long uploadBytes, int orphans, long orphanBytes,
                    long bytes, Instant finishedAt, long tookMillis) {
        static GcResult of(GcReport report) {
            return new GcResult(report.blobs(), report.blobBytes(), report.uploads(), report.uploadBytes(),
                    report.orphans(), report.orphanBytes(), report.bytes(), report.finishedAt(),
                    report.took().toMillis());
        }
    }

    /** Repositories whose name contains {@code q}, with their tags. */
    @GetMapping("/images/search")
    Mono<SearchResult> search(@RequestParam(defaultValue = "") String q,
                              @RequestParam(defaultValue = "50") int n) {
        if (n < 1 || n > MAX_RESULTS) {
            throw new IllegalArgumentException("n must be between 1 and " + MAX_RESULTS + ", not " + n);
        }
        return schedulers.io(() -> new SearchResult(q, search.search(q, n)));
    }

    /** Collects garbage now and says what went. */
    @PostMapping("/gc")
    Mono<GcResult> collect() {
        return schedulers.io(() -> GcResult.of(collector.collect()));
    }
}
