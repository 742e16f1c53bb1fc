#!/bin/bash
# log-service's benchmark: starts its own log-service (port 7797, schema logs_bench, dropped before and after) from
# log-service/target/log-service.jar and runs dev.berth.logs.bench.LogBench against it: ingest of 50 MB of 41-byte
# lines through POST /internal/v1/logs, reading it back as text, bytes on disk ÷ payload, and lines/s from 10 sources.
# Standalone (bash bench/lib/logs-service.sh [ROUNDS]); PostgreSQL as deploy/postgres.sh sets it up.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/../.." && pwd)
. "$HERE/deploy/lib.sh"
BERTH_HOME=$HERE  # lib.sh guesses it from $0, which is two levels down here
ROUNDS=${1:-3}
PORT=${LOGS_BENCH_PORT:-7797}
SCHEMA=logs_bench
WORK=${WORK:-/tmp/berth-bench}
find_java
. /etc/berth/postgres.env
export BERTH_DB_PASSWORD
JAR=$BERTH_HOME/log-service/target/log-service.jar
[ -f "$JAR" ] || (cd "$BERTH_HOME" && mvn -B -q -o -pl log-service -am -DskipTests package)
mkdir -p "$WORK"
psql_berth() { PGPASSWORD=$BERTH_DB_PASSWORD psql -h 127.0.0.1 -U berth -d berth -qAtc "$1"; }
psql_berth "DROP SCHEMA IF EXISTS $SCHEMA CASCADE"
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" $LOGS_JAVA_OPTS -jar "$JAR" --server.port="$PORT" --berth.logs.schema=$SCHEMA \
  --berth.logs.retention.interval=0 >"$WORK/log-service.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; psql_berth "DROP SCHEMA IF EXISTS $SCHEMA CASCADE"; }
trap cleanup EXIT
for _ in $(seq 300); do curl -fsS "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1 && break; sleep 0.2; done
"$JAVA_HOME/bin/java" -Dloader.main=dev.berth.logs.bench.LogBench -cp "$JAR" \
  org.springframework.boot.loader.launch.PropertiesLauncher \
  "http://127.0.0.1:$PORT" "jdbc:postgresql://127.0.0.1:5432/berth" berth "$BERTH_DB_PASSWORD" $SCHEMA "$ROUNDS"
