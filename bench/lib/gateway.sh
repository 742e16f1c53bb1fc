#!/bin/bash
# The api-gateway under load, and what it adds to a read. Starts a scheduler and a gateway in front of it from the
# built jars (scheduler/target/scheduler.jar, api-gateway/target/api-gateway.jar; this script builds nothing) on
# 127.0.0.1:7938 and :7939, on schemas scheduler_gwbench and gateway_gwbench of the PostgreSQL that deploy/postgres.sh
# sets up (dropped before and after), gives a tenant a read token and a few apps, then measures with a Java client
# (JDK HttpClient, one virtual thread per request):
#   1. load: rounds of CONCURRENCY requests started together, GET /api/v1/apps and GET /api/v1/whoami alternately,
#      through the gateway with the token: p50, p99, max, errors;
#   2. overhead: GET /api/v1/apps of the tenant straight from the scheduler and through the gateway, alternated one by
#      one on a kept-alive connection each: medians, p99, the difference and the ratio.
# The gateway's per-token rate limit (50/s, burst 100, by default) is raised for the run: it would otherwise answer
# most of the load 429, by design; what is measured is the gateway's own cost.
# Standalone: bash bench/lib/gateway.sh [CONCURRENCY [ROUNDS [PAIRS]]]; stops what it started and drops its schemas.
# GATEWAY_BENCH_TOKEN_CACHE sets the gateway's berth.gateway.tokens.cache-ttl (PT1S; PT0S reads every token's row);
# GATEWAY_BENCH_api_gateway_JAVA_OPTS and GATEWAY_BENCH_scheduler_JAVA_OPTS add JVM flags (a profiler's, say).
set -euo pipefail
HERE=$(cd "$(dirname "$0")/../.." && pwd)
. "$HERE/deploy/lib.sh"
CONCURRENCY=${1:-1000}
ROUNDS=${2:-5}
PAIRS=${3:-2000}
SCHEDULER_PORT=${GATEWAY_BENCH_SCHEDULER_PORT:-7938}
GATEWAY_PORT=${GATEWAY_BENCH_PORT:-7939}
find_java
for module in scheduler api-gateway; do
  [ -f "$HERE/$module/target/$module.jar" ] || die "$HERE/$module/target/$module.jar is not built; build it first:" \
    "mvn -o -B -pl $module -am -DskipTests package"
done
[ -n "${BERTH_DB_PASSWORD:-}" ] || . /etc/berth/postgres.env
export BERTH_DB_PASSWORD
for port in "$SCHEDULER_PORT" "$GATEWAY_PORT"; do
  ! curl -s -o /dev/null "http://127.0.0.1:$port/" || die "127.0.0.1:$port is taken; set GATEWAY_BENCH_PORT and" \
    "GATEWAY_BENCH_SCHEDULER_PORT to free ones"
done

WORK=$(mktemp -d /tmp/berth-gateway-bench.XXXXXX)
PIDS=()
drop_schemas() {
  PGPASSWORD=$BERTH_DB_PASSWORD psql -h 127.0.0.1 -U berth -d berth -q \
    -c 'DROP SCHEMA IF EXISTS scheduler_gwbench CASCADE' -c 'DROP SCHEMA IF EXISTS gateway_gwbench CASCADE' \
    >/dev/null 2>&1 || true
}
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  drop_schemas
  rm -rf "$WORK"
}
trap cleanup EXIT
drop_schemas

# start MODULE PORT ARGUMENTS...: the jar as deploy/up.sh runs it; returns once it answers its health check.
start() {
  local module=$1 port=$2
  shift 2
  local opts=GATEWAY_BENCH_${module//-/_}_JAVA_OPTS
  # shellcheck disable=SC2086
  LANG=C.UTF-8 "$JAVA_HOME/bin/java" -Xmx512m ${!opts:-} -jar "$HERE/$module/target/$module.jar" --server.port="$port" "$@" \
    >"$WORK/$module.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$WORK/$module.log" >&2; die "$module exited during start-up"; }
    sleep 0.2
  done
  die "$module did not answer within 60 s"
}

say "starting a scheduler on :$SCHEDULER_PORT and a gateway on :$GATEWAY_PORT"
start scheduler "$SCHEDULER_PORT" --berth.scheduler.schema=scheduler_gwbench
start api-gateway "$GATEWAY_PORT" --berth.gateway.schema=gateway_gwbench \
  --berth.gateway.bootstrap-token-file="$WORK/admin-token" \
  --berth.gateway.upstreams.scheduler="http://127.0.0.1:$SCHEDULER_PORT" \
  --berth.gateway.upstreams.logs=http://127.0.0.1:9 --berth.gateway.upstreams.registry=http://127.0.0.1:9 \
  --berth.gateway.upstreams.agent=http://127.0.0.1:9 \
  --berth.gateway.rate-limit.per-second=1000000 --berth.gateway.rate-limit.burst=1000000 \
  --berth.gateway.tokens.cache-ttl="${GATEWAY_BENCH_TOKEN_CACHE:-PT1S}"

cat >"$WORK/GatewayLoad.java" <<'EOF'
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/** The load and the overhead; prints a Markdown table. Arguments: gateway scheduler admin-token-file c rounds pairs. */
public class GatewayLoad {
    static final String TENANT = "bench";

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String scheduler = args[1];
        String admin = Files.readString(Path.of(args[2])).strip();
        int concurrency = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        int pairs = Integer.parseInt(args[5]);
        HttpClient setup = HttpClient.newHttpClient();
        post(setup, gateway + "/api/v1/tenants", admin, "{\"name\":\"" + TENANT + "\"}");
        String created = post(setup, gateway + "/api/v1/tokens", admin, "{\"tenant\":\"" + TENANT
                + "\",\"principal\":\"reader\",\"scopes\":[\"read\",\"deploy\"]}");
        String token = created.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        for (int i = 0; i < 5; i++) {
            post(setup, gateway + "/api/v1/apps", token, "{\"name\":\"app" + i + "\",\"services\":{\"web\":"
                    + "{\"image\":\"busybox\",\"replicas\":0}}}");
        }

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String[] paths = {"/api/v1/apps", "/api/v1/whoami"};
        // Warm-up: the JIT, the connection pools on both sides.
        run(client, gateway, token, paths, concurrency / 4, 8);

        Result[] load = run(client, gateway, token, paths, concurrency, rounds);
        // The same load straight to the scheduler, for scale: what this machine and this client do without the gateway.
        Result[] bare = run(client, scheduler, token, new String[] {"/api/v1/apps?tenant=" + TENANT}, concurrency,
                rounds);
        System.out.println("| " + concurrency + " concurrent reads × " + rounds + " rounds | requests | errors | p50 ms"
                + " | p99 ms | max ms | requests/s |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int p = 0; p < paths.length; p++) {
            row("`GET " + paths[p] + "` through the gateway", load[p], load[paths.length].wallNanos());
        }
        row("both through the gateway", load[paths.length], load[paths.length].wallNanos());
        row("`GET /api/v1/apps` straight to the scheduler", bare[1], bare[1].wallNanos());
        System.out.println();

        // Overhead: one request at a time, direct and through the gateway alternately, each on its own connection.
        HttpClient direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpClient routed = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest toScheduler = HttpRequest.newBuilder(URI.create(scheduler + "/api/v1/apps?tenant=" + TENANT))
                .header("X-Berth-Tenant", TENANT).build();
        HttpRequest toGateway = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/apps"))
                .header("Authorization", "Bearer " + token).build();
        long[] straight = new long[pairs];
        long[] through = new long[pairs];
        int errors = 0;
        for (int i = -pairs / 4; i < pairs; i++) {
            long t0 = System.nanoTime();
            int a = direct.send(toScheduler, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
            long t1 = System.nanoTime();
            int b = routed.send(toGateway, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
            long t2 = System.nanoTime();
            if (i >= 0) {
                straight[i] = t1 - t0;
                through[i] = t2 - t1;
                errors += (a == 200 ? 0 : 1) + (b == 200 ? 0 : 1);
            }
        }
        Arrays.sort(straight);
        Arrays.sort(through);
        double d50 = (pct(through, 50) - pct(straight, 50)) / 1e6;
        System.out.println("| `GET /api/v1/apps`, " + pairs + " pairs alternated | median ms | p99 ms |");
        System.out.println("|---|---|---|");
        System.out.printf("| scheduler, direct | %s | %s |%n", ms(pct(straight, 50)), ms(pct(straight, 99)));
        System.out.printf("| through the gateway | %s | %s |%n", ms(pct(through, 50)), ms(pct(through, 99)));
        System.out.printf("| gateway's addition | %+.2f | %+.2f |%n", d50,
                (pct(through, 99) - pct(straight, 99)) / 1e6);
        System.out.printf("| ratio (gateway / direct) | %.2f | %.2f |%n%n", (double) pct(through, 50)
                / pct(straight, 50), (double) pct(through, 99) / pct(straight, 99));
        System.out.printf("errors in the overhead run: %d%n", errors);
    }

    /** Sorted latencies of the answered requests (200), the others counted, and the wall time of all rounds. */
    record Result(long[] latencies, int errors, long wallNanos) {}

    /** Rounds of {@code concurrency} requests started together: per path, then for all of them. */
    static Result[] run(HttpClient client, String base, String token, String[] paths, int concurrency, int rounds)
            throws Exception {
        List<List<Long>> byPath = new ArrayList<>();
        int[] errors = new int[paths.length];
        for (String ignored : paths) {
            byPath.add(new ArrayList<>());
        }
        long wall = 0;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < rounds; round++) {
                CountDownLatch start = new CountDownLatch(1);
                CountDownLatch done = new CountDownLatch(concurrency);
                long[] latencies = new long[concurrency];
                for (int i = 0; i < concurrency; i++) {
                    int n = i;
                    threads.submit(() -> {
                        HttpRequest request = HttpRequest.newBuilder(URI.create(base + paths[n % paths.length]))
                                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build();
                        try {
                            start.await();
                            long t0 = System.nanoTime();
                            int status = client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                            latencies[n] = status == 200 ? System.nanoTime() - t0 : -1;
                        } catch (Exception e) {
                            latencies[n] = -1;
                        } finally {
                            done.countDown();
                        }
                    });
                }
                long t0 = System.nanoTime();
                start.countDown();
                done.await();
                wall += System.nanoTime() - t0;
                for (int i = 0; i < concurrency; i++) {
                    if (latencies[i] < 0) {
                        errors[i % paths.length]++;
                    } else {
                        byPath.get(i % paths.length).add(latencies[i]);
                    }
                }
            }
        }
        Result[] results = new Result[paths.length + 1];
        List<Long> all = new ArrayList<>();
        for (int p = 0; p < paths.length; p++) {
            all.addAll(byPath.get(p));
            results[p] = new Result(sorted(byPath.get(p)), errors[p], wall);
        }
        results[paths.length] = new Result(sorted(all), Arrays.stream(errors).sum(), wall);
        return results;
    }

    /** A table row: requests/s counts every request of the run the row belongs to over its wall time. */
    static void row(String what, Result r, long runWallNanos) {
        int requests = r.latencies().length + r.errors();
        System.out.printf("| %s | %d | %d | %s | %s | %s | %.0f |%n", what, requests, r.errors(),
                ms(pct(r.latencies(), 50)), ms(pct(r.latencies(), 99)), ms(pct(r.latencies(), 100)),
                requests / (runWallNanos / 1e9));
    }

    static long[] sorted(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** The nearest-rank percentile of sorted latencies; 0 for none. */
    static long pct(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1))];
    }

    static String ms(long nanos) {
        return String.format("%.2f", nanos / 1e6);
    }

    static String post(HttpClient client, String url, String token, String json) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + url + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
EOF

say "$CONCURRENCY concurrent reads × $ROUNDS rounds, then $PAIRS alternated pairs"
"$JAVA_HOME/bin/java" -Xmx1g "$WORK/GatewayLoad.java" "http://127.0.0.1:$GATEWAY_PORT" \
  "http://127.0.0.1:$SCHEDULER_PORT" "$WORK/admin-token" "$CONCURRENCY" "$ROUNDS" "$PAIRS"
