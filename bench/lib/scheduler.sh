#!/bin/bash
# The scheduler's placement benchmark: dev.berth.scheduler.bench.PlacementBench from the built jar
# (scheduler/target/scheduler.jar; this script builds nothing). 10,000 placements on 1,000 simulated nodes (in-process
# node records with random capacities and labels): decisions in memory, then end to end with the commit to
# PostgreSQL (schema scheduler_bench, dropped before and after).
# Standalone: bash bench/lib/scheduler.sh [PLACEMENTS [NODES [ROUND_SIZES]]]; PostgreSQL as deploy/postgres.sh sets it up.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/../.." && pwd)
. "$HERE/deploy/lib.sh"
BERTH_HOME=$HERE
PLACEMENTS=${1:-10000}
NODES=${2:-1000}
ROUNDS=${3:-100,200,500}
find_java
JAR=$BERTH_HOME/scheduler/target/scheduler.jar
[ -f "$JAR" ] || die "$JAR is not built; build it first: mvn -o -B -pl scheduler -am -DskipTests package"
DB_ARGS=()
if [ -r /etc/berth/postgres.env ] || [ -n "${BERTH_DB_PASSWORD:-}" ]; then
  [ -n "${BERTH_DB_PASSWORD:-}" ] || . /etc/berth/postgres.env
  DB_ARGS=("${BERTH_DB_URL:-jdbc:postgresql://127.0.0.1:5432/berth}" "${BERTH_DB_USER:-berth}" "$BERTH_DB_PASSWORD"
           scheduler_bench "$ROUNDS")
else
  echo "no database password (/etc/berth/postgres.env or BERTH_DB_PASSWORD): in-memory figures only" >&2
fi
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" ${SCHEDULER_BENCH_JAVA_OPTS:-} -Dloader.main=dev.berth.scheduler.bench.PlacementBench \
  -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher "$PLACEMENTS" "$NODES" "${DB_ARGS[@]}"
