#!/bin/bash
# The api-gateway under load, and what it adds to a read. Starts a scheduler and two gateways in front of it from the
# built jars (scheduler/target/scheduler.jar, api-gateway/target/api-gateway.jar; this script builds nothing) on
# 127.0.0.1:7938, :7939 and :7937 (the second with its read cache off), on schemas scheduler_gwbench and
# gateway_gwbench of the PostgreSQL that deploy/postgres.sh sets up (dropped before and after), gives a tenant a read
# token and five apps, and measures GET /api/v1/apps on the three, alternated:
#   1. load, with a Java client (JDK HttpClient, one virtual thread per request): rounds of CONCURRENCY requests
#      started together, after a warm-up: p50, p99, max, errors, requests/s;
#   2. overhead: one request at a time on a kept-alive connection each: medians, p99, what each gateway adds, ratio;
#   3. load with Debian's wrk (installed if missing, as root): CONCURRENCY kept-alive connections for 10 s, three
#      rounds, after a warm-up; medians of the rounds.
# The gateways' per-token rate limit (50/s, burst 100, by default) is raised for the run: it would otherwise answer
# most of the load 429, by design; what is measured is the gateway's own cost.
# Standalone: bash bench/lib/gateway.sh [CONCURRENCY [ROUNDS [PAIRS]]]; stops what it started and drops its schemas.
# GATEWAY_BENCH_TOKEN_CACHE sets the gateways' berth.gateway.tokens.cache-ttl (PT1S; PT0S reads every token's row);
# GATEWAY_BENCH_api_gateway_JAVA_OPTS and GATEWAY_BENCH_scheduler_JAVA_OPTS add JVM flags (a profiler's, say).
set -euo pipefail
HERE=$(cd "$(dirname "$0")/../.." && pwd)
. "$HERE/deploy/lib.sh"
CONCURRENCY=${1:-1000}
ROUNDS=${2:-5}
PAIRS=${3:-2000}
SCHEDULER_PORT=${GATEWAY_BENCH_SCHEDULER_PORT:-7938}
GATEWAY_PORT=${GATEWAY_BENCH_PORT:-7939}
UNCACHED_PORT=${GATEWAY_BENCH_UNCACHED_PORT:-7937}
find_java
for module in scheduler api-gateway; do
  [ -f "$HERE/$module/target/$module.jar" ] || die "$HERE/$module/target/$module.jar is not built; build it first:" \
    "mvn -o -B -pl $module -am -DskipTests package"
done
[ -n "${BERTH_DB_PASSWORD:-}" ] || . /etc/berth/postgres.env
export BERTH_DB_PASSWORD
for port in "$SCHEDULER_PORT" "$GATEWAY_PORT" "$UNCACHED_PORT"; do
  ! curl -s -o /dev/null "http://127.0.0.1:$port/" || die "127.0.0.1:$port is taken; set GATEWAY_BENCH_PORT," \
    "GATEWAY_BENCH_UNCACHED_PORT and GATEWAY_BENCH_SCHEDULER_PORT to free ones"
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
    >"$WORK/$module-$port.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$WORK/$module-$port.log" >&2; die "$module exited during start-up"; }
    sleep 0.2
  done
  die "$module did not answer within 60 s"
}

say "starting a scheduler on :$SCHEDULER_PORT, a gateway on :$GATEWAY_PORT and one without read cache on :$UNCACHED_PORT"
start scheduler "$SCHEDULER_PORT" --berth.scheduler.schema=scheduler_gwbench
GATEWAY_SETTINGS=(--berth.gateway.schema=gateway_gwbench
  --berth.gateway.bootstrap-token-file="$WORK/admin-token"
  --berth.gateway.upstreams.scheduler="http://127.0.0.1:$SCHEDULER_PORT"
  --berth.gateway.upstreams.logs=http://127.0.0.1:9 --berth.gateway.upstreams.registry=http://127.0.0.1:9
  --berth.gateway.upstreams.agent=http://127.0.0.1:9
  --berth.gateway.rate-limit.per-second=1000000 --berth.gateway.rate-limit.burst=1000000
  --berth.gateway.tokens.cache-ttl="${GATEWAY_BENCH_TOKEN_CACHE:-PT1S}")
start api-gateway "$GATEWAY_PORT" "${GATEWAY_SETTINGS[@]}"
# The same schema: the same tenants and tokens, as two instances of one installation.
start api-gateway "$UNCACHED_PORT" "${GATEWAY_SETTINGS[@]}" --berth.gateway.read-cache.enabled=false

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

/**
 * The load and the overhead; prints Markdown tables, then the read token on a last line "token: ...". Arguments:
 * gateway gateway-without-read-cache scheduler admin-token-file concurrency rounds pairs.
 */
public class GatewayLoad {
    static final String TENANT = "bench";

    public static void main(String[] args) throws Exception {
        String[] targets = {args[0], args[1], args[2]};
        String[] names = {"through the gateway", "through the gateway, read cache off", "straight to the scheduler"};
        String admin = Files.readString(Path.of(args[3])).strip();
        int concurrency = Integer.parseInt(args[4]);
        int rounds = Integer.parseInt(args[5]);
        int pairs = Integer.parseInt(args[6]);
        HttpClient setup = HttpClient.newHttpClient();
        post(setup, targets[0] + "/api/v1/tenants", admin, "{\"name\":\"" + TENANT + "\"}");
        String created = post(setup, targets[0] + "/api/v1/tokens", admin, "{\"tenant\":\"" + TENANT
                + "\",\"principal\":\"reader\",\"scopes\":[\"read\",\"deploy\"]}");
        String token = created.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        for (int i = 0; i < 5; i++) {
            post(setup, targets[0] + "/api/v1/apps", token, "{\"name\":\"app" + i + "\",\"services\":{\"web\":"
                    + "{\"image\":\"busybox\",\"replicas\":0}}}");
        }
        String[] paths = {"/api/v1/apps", "/api/v1/apps", "/api/v1/apps?tenant=" + TENANT};

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        // Warm-up: the JIT and the connection pools on every side.
        for (int round = 0; round < 10; round++) {
            for (int t = 0; t < targets.length; t++) {
                burst(client, targets[t] + paths[t], token, round < 8 ? concurrency / 4 : concurrency);
            }
        }
        // Measured: one burst to each target in turn, round after round.
        List<List<Long>> latencies = new ArrayList<>();
        int[] errors = new int[targets.length];
        long[] wall = new long[targets.length];
        for (String ignored : targets) {
            latencies.add(new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            for (int t = 0; t < targets.length; t++) {
                long t0 = System.nanoTime();
                long[] burst = burst(client, targets[t] + paths[t], token, concurrency);
                wall[t] += System.nanoTime() - t0;
                for (long nanos : burst) {
                    if (nanos < 0) {
                        errors[t]++;
                    } else {
                        latencies.get(t).add(nanos);
                    }
                }
            }
        }
        System.out.println("| `GET /api/v1/apps`, " + concurrency + " started together × " + rounds + " rounds"
                + " | requests | errors | p50 ms | p99 ms | max ms | requests/s |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int t = 0; t < targets.length; t++) {
            long[] sorted = latencies.get(t).stream().mapToLong(Long::longValue).sorted().toArray();
            int requests = sorted.length + errors[t];
            System.out.printf("| %s | %d | %d | %s | %s | %s | %.0f |%n", names[t], requests, errors[t],
                    ms(pct(sorted, 50)), ms(pct(sorted, 99)), ms(pct(sorted, 100)), requests / (wall[t] / 1e9));
        }
        System.out.println();

        // Overhead: one request at a time, to each target in turn, each on a kept-alive connection of its own.
        HttpClient[] own = new HttpClient[targets.length];
        HttpRequest[] requests = new HttpRequest[targets.length];
        long[][] single = new long[targets.length][pairs];
        int failed = 0;
        for (int t = 0; t < targets.length; t++) {
            own[t] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            requests[t] = HttpRequest.newBuilder(URI.create(targets[t] + paths[t]))
                    .header("Authorization", "Bearer " + token).header("X-Berth-Tenant", TENANT).build();
        }
        for (int i = -pairs / 4; i < pairs; i++) {
            for (int t = 0; t < targets.length; t++) {
                long t0 = System.nanoTime();
                int status = own[t].send(requests[t], HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                long took = System.nanoTime() - t0;
                if (i >= 0) {
                    single[t][i] = took;
                    failed += status == 200 ? 0 : 1;
                }
            }
        }
        for (long[] one : single) {
            Arrays.sort(one);
        }
        long direct50 = pct(single[2], 50);
        System.out.println("| `GET /api/v1/apps`, one at a time, " + pairs + " rounds alternated | median ms"
                + " | p99 ms | added at p50 ms | ratio at p50 |");
        System.out.println("|---|---|---|---|---|");
        for (int t = targets.length - 1; t >= 0; t--) {
            System.out.printf("| %s | %s | %s | %+.2f | %.2f |%n", names[t], ms(pct(single[t], 50)),
                    ms(pct(single[t], 99)), (pct(single[t], 50) - direct50) / 1e6,
                    (double) pct(single[t], 50) / direct50);
        }
        System.out.printf("%nerrors in the one-at-a-time run: %d%n", failed);
        System.out.println("token: " + token);
    }

    /** {@code n} requests started together; each one's nanoseconds, or -1 for one not answered 200. */
    static long[] burst(HttpClient client, String url, String token, int n) throws Exception {
        long[] latencies = new long[n];
        CountDownLatch start = new CountDownLatch(1);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int k = i;
                threads.submit(() -> {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + token).header("X-Berth-Tenant", TENANT)
                            .timeout(Duration.ofSeconds(30)).build();
                    try {
                        start.await();
                        long t0 = System.nanoTime();
                        int status = client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                        latencies[k] = status == 200 ? System.nanoTime() - t0 : -1;
                    } catch (Exception e) {
                        latencies[k] = -1;
                    }
                    return null;
                });
            }
            start.countDown();
        }
        return latencies;
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

say "$CONCURRENCY concurrent reads × $ROUNDS rounds, then $PAIRS alternated rounds one at a time"
"$JAVA_HOME/bin/java" -Xmx1g "$WORK/GatewayLoad.java" "http://127.0.0.1:$GATEWAY_PORT" \
  "http://127.0.0.1:$UNCACHED_PORT" "http://127.0.0.1:$SCHEDULER_PORT" "$WORK/admin-token" "$CONCURRENCY" \
  "$ROUNDS" "$PAIRS" | tee "$WORK/java.out" | grep -v '^token: '
TOKEN=$(sed -n 's/^token: //p' "$WORK/java.out")

if ! command -v wrk >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq wrk >/dev/null 2>&1 || true
fi
if ! command -v wrk >/dev/null; then
  say "no wrk (apt-get install wrk): the wrk rounds are left out"
  exit 0
fi
say "wrk: $CONCURRENCY kept-alive connections, 10 s a round, 3 rounds alternated"
NAMES=("through the gateway" "through the gateway, read cache off" "straight to the scheduler")
URLS=("http://127.0.0.1:$GATEWAY_PORT/api/v1/apps" "http://127.0.0.1:$UNCACHED_PORT/api/v1/apps"
  "http://127.0.0.1:$SCHEDULER_PORT/api/v1/apps?tenant=bench")
# wrk_round URL OUT: one round; requests/s, p50 ms, p99 ms, errors (socket errors and answers other than 2xx).
wrk_round() {
  wrk -t2 -c"$CONCURRENCY" -d10s --latency -H "Authorization: Bearer $TOKEN" -H "X-Berth-Tenant: bench" "$1" \
    | awk '/Requests\/sec/ {rps=$2}
           /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
           /Socket errors/ {gsub(",", ""); e+=$4+$6+$8+$10}
           /Non-2xx/ {e+=$NF}
           function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
           END {printf "%.0f %.1f %.1f %d\n", rps, ms(p50), ms(p99), e}' >>"$2"
}
for i in 0 1 2; do
  wrk -t2 -c"$CONCURRENCY" -d5s -H "Authorization: Bearer $TOKEN" -H "X-Berth-Tenant: bench" "${URLS[$i]}" \
    >/dev/null 2>&1 || true
done
for round in 1 2 3; do
  for i in 0 1 2; do
    wrk_round "${URLS[$i]}" "$WORK/wrk.$i"
  done
done
echo
echo "| \`GET /api/v1/apps\`, wrk, $CONCURRENCY connections, median of 3 rounds of 10 s | requests/s | p50 ms | p99 ms | errors |"
echo "|---|---|---|---|---|"
median() { sort -n | sed -n 2p; }
for i in 0 1 2; do
  echo "| ${NAMES[$i]} | $(cut -d' ' -f1 "$WORK/wrk.$i" | median) | $(cut -d' ' -f2 "$WORK/wrk.$i" | median)" \
    "| $(cut -d' ' -f3 "$WORK/wrk.$i" | median) | $(cut -d' ' -f4 "$WORK/wrk.$i" | awk '{s+=$1} END {print s}') |"
done
