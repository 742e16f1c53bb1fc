# Part ship: container output shipped to log-service, against Docker's json-file. Bash; sourced by run.sh after
# parts.sh and images.sh (whose functions it uses).
#
#   figure 13  a container writes 50 MB of 41-byte lines (figure 4's workload) through a node agent that ships its
#              logs to log-service: the time until `berth run` exits, the time until all of it can be queried from
#              log-service, reading it all back (CLI and API) and log-service's bytes on disk, against
#              `docker run` / `docker logs` / json-file;
#   figure 14  sustained ingest: 10 containers at once, each writing 5 MB of those lines: lines per second until
#              everything is in log-service, the lag behind the last container's exit, and the CPU the agent and
#              log-service spent (Docker: until the last container has exited, and dockerd's and containerd's CPU).
#
# The part runs a log-service of its own (port PORT+7, schema logs_bench, dropped before and after) and a node agent
# of its own that ships to it (port PORT+11, its own state, run directory and network), so that figure 4's agent
# keeps its logs local and a user's log-service (port 7730, schema logs) is never touched.

ship_settings() {
  SHIP_LOGS_PORT=$((PORT + 7))
  SHIP_LOGS_URL=http://127.0.0.1:$SHIP_LOGS_PORT
  SHIP_PORT=$((PORT + 11))
  SHIP_API=http://127.0.0.1:$SHIP_PORT
  SHIP_STATE=$WORK/ship-state SHIP_RUN=$WORK/ship-run
  SHIP_NET="berthbenchsh0 10.79.0.0/16 10.80.0.0/16 berth_benchsh"
  SHIP_SCHEMA=logs_bench
  FANIN_CONTAINERS=10
  FANIN_BYTES=5000000                     # per container; 10 of them write figure 4's 50 MB between them
}
SHIP_AGENT_PID= SHIP_LOGS_PID= SHIP_SCHEMA_MADE=false

ship_psql() { as_postgres -d "$BERTH_DB_NAME" -tA -c "$1"; }

# log-service from an extracted copy of its jar, as deploy/up.sh runs it, with deploy/lib.sh's JVM flags.
start_ship_log_service() {
  local jar=$BERTH_HOME/log-service/target/log-service.jar
  port_in_use "$SHIP_LOGS_PORT" && die "port $SHIP_LOGS_PORT (part ship's log-service) is in use by another program"
  [ -f "$jar" ] || (cd "$BERTH_HOME" && mvn -B -q -DskipTests -pl log-service -am package) \
    || die "log-service's build failed"
  ensure_postgres
  ship_psql "DROP SCHEMA IF EXISTS $SHIP_SCHEMA CASCADE" >/dev/null
  SHIP_SCHEMA_MADE=true
  rm -rf "$WORK/logs-dist"
  "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$WORK/logs-dist" >/dev/null \
    || die "cannot extract log-service.jar"
  say "starting log-service on 127.0.0.1:$SHIP_LOGS_PORT, schema $SHIP_SCHEMA (log: $WORK/log-service.log)"
  # shellcheck disable=SC2086
  setsid nohup "$JAVA_HOME/bin/java" $LOGS_JAVA_OPTS -jar "$WORK/logs-dist/log-service.jar" \
    --server.address=127.0.0.1 --server.port="$SHIP_LOGS_PORT" --berth.logs.schema="$SHIP_SCHEMA" \
    --berth.logs.retention.interval=0 >"$WORK/log-service.log" 2>&1 </dev/null &
  SHIP_LOGS_PID=$!
  wait_for_server log-service "$SHIP_LOGS_PID" "$SHIP_LOGS_URL/actuator/health" "$WORK/log-service.log"
}

start_ship_agent() {
  [ -d "$WORK/dist" ] || "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$BERTH_HOME/node-agent/target/node-agent.jar" \
    extract --destination "$WORK/dist" >/dev/null || die "cannot extract node-agent.jar"
  spawn_agent "a node agent that ships its logs to log-service" "$SHIP_PORT" "$SHIP_STATE" "$SHIP_RUN" \
    "$WORK/ship-agent.log" "$SHIP_NET" "--berth.agent.logs.service=$SHIP_LOGS_URL" --berth.agent.logs.node=bench
  SHIP_AGENT_PID=$SPAWNED_PID
  import_into_agent "$SHIP_API"
}

stop_ship() {
  ship_settings
  if [ -n "$SHIP_AGENT_PID" ]; then
    remove_agent_containers "$SHIP_API" "$SHIP_AGENT_PID"
    stop_pid "$SHIP_AGENT_PID" 30
    SHIP_AGENT_PID=
    remove_agent_network "$SHIP_NET"
    [ "$KEEP_STATE" = true ] || rm -rf "$SHIP_STATE" "$SHIP_RUN"
  fi
  if [ -n "$SHIP_LOGS_PID" ]; then
    stop_pid "$SHIP_LOGS_PID" 30
    SHIP_LOGS_PID=
  fi
  if [ "$SHIP_SCHEMA_MADE" = true ] && [ "$KEEP_STATE" != true ]; then
    ship_psql "DROP SCHEMA IF EXISTS $SHIP_SCHEMA CASCADE" >/dev/null 2>&1
    SHIP_SCHEMA_MADE=false
  fi
  rm -rf "$WORK/logs-dist"
}

# Bytes of all log-service's tables: every partition with its TOAST and indexes.
ship_disk_bytes() {
  ship_psql "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '$SHIP_SCHEMA' AND c.relkind = 'r'"
}

# shipped_all NAME...: whether log-service holds all that each container has written (the agent's inspect says).
shipped_all() {
  local name
  for name in "$@"; do
    curl -fsS "$SHIP_API/v1/containers/$name" 2>/dev/null \
      | jq -e '.logShipping | length > 0 and all(.[]; .shipped == .written)' >/dev/null || return 1
  done
}

# await_shipped SECONDS NAME...: polls every 10 ms.
await_shipped() {
  local limit=$(($1 * 100)) i=0
  shift
  until shipped_all "$@"; do
    i=$((i + 1))
    [ $i -lt $limit ] || return 1
    sleep 0.01
  done
}

# CPU seconds (user + system) a process has used so far.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.3f", ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}
cpu_sum() { local p t=0; for p in "$@"; do t=$(awk -v a="$t" -v b="$(cpu_seconds "$p")" 'BEGIN { print a + b }'); done; echo "$t"; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }

ship_cli() { BERTH_HOST=$SHIP_API "$BERTH_CLI" "$@"; }
ship_cli_logs() { ship_cli logs "$NAME" | wc -c >"$TMP/bytes"; }
ship_api_logs() {
  curl -sS -H 'Accept: text/plain' "$SHIP_LOGS_URL/api/v1/logs?tenant=default&container=$SHIP_ID" | wc -c >"$TMP/bytes"
}

ship_berth() {  # ROUND
  local round=$1 ok=1 t0 disk0 queryable
  disk0=$(ship_disk_bytes)
  t0=${EPOCHREALTIME/[.,]/}
  timed ship_cli run --name "$NAME" --network none busybox sh -c "$WRITE_50MB" \
    >/dev/null 2>>"$ERRORS"
  [ "$RC" = 0 ] || ok=0
  record ship-run berth-cli "$round" $ok
  ok=1
  await_shipped 120 "$NAME" || ok=0
  queryable=$((${EPOCHREALTIME/[.,]/} - t0))
  [ "$round" = 0 ] || sample ship-queryable berth "$round" "$(us_to_s "$queryable")" s $ok "from the run's start"
  SHIP_ID=$(curl -fsS "$SHIP_API/v1/containers/$NAME" | jq -r .id)
  ok=1
  timed ship_cli_logs 2>>"$ERRORS"
  check_bytes || ok=0
  record ship-read berth-cli "$round" $ok "$BYTES bytes"
  ok=1
  timed ship_api_logs 2>>"$ERRORS"
  check_bytes || ok=0
  record ship-read berth-api "$round" $ok "$BYTES bytes"
  [ "$round" = 0 ] || sample ship-disk berth "$round" "$(($(ship_disk_bytes) - disk0))" bytes 1 "PostgreSQL, schema $SHIP_SCHEMA"
  curl -sS -o /dev/null -X DELETE "$SHIP_API/v1/containers/$NAME?force=true"
}

ship_docker() {  # ROUND
  local round=$1 ok=1
  NAME=berth-$NAME
  timed "$DOCKER" run --name "$NAME" --network none --label "$BENCH_LABEL" "$DOCKER_IMAGE" sh -c "$WRITE_50MB" \
    >/dev/null 2>>"$ERRORS"
  [ "$RC" = 0 ] || ok=0
  record ship-run docker "$round" $ok
  ok=1
  timed docker_logs 2>>"$ERRORS"
  check_bytes || ok=0
  record ship-read docker "$round" $ok "$BYTES bytes"
  [ "$round" = 0 ] || sample ship-disk docker "$round" \
    "$(stat -c %s "$("$DOCKER" inspect -f '{{.LogPath}}' "$NAME")")" bytes 1 "json-file"
  "$DOCKER" rm -f "$NAME" >/dev/null
}

# Each container's share of figure 14's 50 MB; lines counted are the whole ones (head cuts the last).
fanin_write() { echo "yes $LOG_LINE | head -c $FANIN_BYTES"; }

ship_fanin_berth() {  # ROUND
  local round=$1 ok=1 names=() pids=() i t0 t_exit t_done cpu0 cpu1 lines
  for ((i = 1; i <= FANIN_CONTAINERS; i++)); do names+=("fanin-$round-$i"); done
  cpu0=$(cpu_sum "$SHIP_AGENT_PID" "$SHIP_LOGS_PID")
  t0=${EPOCHREALTIME/[.,]/}
  # Only these jobs are waited for: the shell's others (log-service, the agents) never end.
  for i in "${names[@]}"; do
    curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
      -d "$(container_body "$i" false sh -c "$(fanin_write)")" "$SHIP_API/v1/containers?start=true" &
    pids+=($!)
  done
  wait "${pids[@]}"
  for i in "${names[@]}"; do curl -fsS -o /dev/null -X POST "$SHIP_API/v1/containers/$i/wait" || ok=0; done
  t_exit=${EPOCHREALTIME/[.,]/}
  await_shipped 120 "${names[@]}" || ok=0
  t_done=${EPOCHREALTIME/[.,]/}
  cpu1=$(cpu_sum "$SHIP_AGENT_PID" "$SHIP_LOGS_PID")
  if [ "$round" != 0 ]; then
    lines=$((FANIN_CONTAINERS * (FANIN_BYTES / (${#LOG_LINE} + 1))))
    sample ship-fanin berth-lines-per-s "$round" "$(awk -v l="$lines" -v us=$((t_done - t0)) 'BEGIN { printf "%.0f", l / (us / 1e6) }')" \
      lines/s $ok "until all is in log-service"
    sample ship-fanin berth-lag "$round" "$(us_to_s $((t_done - t_exit)))" s $ok "after the last container exited"
    sample ship-fanin berth-cpu "$round" "$(minus "$cpu1" "$cpu0")" s $ok "agent + log-service CPU"
  fi
  for i in "${names[@]}"; do curl -sS -o /dev/null -X DELETE "$SHIP_API/v1/containers/$i?force=true"; done
}

ship_fanin_docker() {  # ROUND
  local round=$1 ok=1 names=() pids=() i t0 t_exit cpu0 cpu1 daemons lines
  for ((i = 1; i <= FANIN_CONTAINERS; i++)); do names+=("berth-bench-fanin-$round-$i"); done
  daemons=$(pgrep -d ' ' -x 'dockerd|containerd')
  cpu0=$(cpu_sum $daemons)
  t0=${EPOCHREALTIME/[.,]/}
  for i in "${names[@]}"; do
    "$DOCKER" run -d --name "$i" --network none --label "$BENCH_LABEL" "$DOCKER_IMAGE" sh -c "$(fanin_write)" \
      >/dev/null 2>>"$ERRORS" &
    pids+=($!)
  done
  wait "${pids[@]}"
  "$DOCKER" wait "${names[@]}" >/dev/null 2>>"$ERRORS" || ok=0
  t_exit=${EPOCHREALTIME/[.,]/}
  cpu1=$(cpu_sum $daemons)
  if [ "$round" != 0 ]; then
    lines=$((FANIN_CONTAINERS * (FANIN_BYTES / (${#LOG_LINE} + 1))))
    sample ship-fanin docker-lines-per-s "$round" "$(awk -v l="$lines" -v us=$((t_exit - t0)) 'BEGIN { printf "%.0f", l / (us / 1e6) }')" \
      lines/s $ok "until the last container exited (json-file written by then)"
    sample ship-fanin docker-cpu "$round" "$(minus "$cpu1" "$cpu0")" s $ok "dockerd + containerd CPU"
  fi
  "$DOCKER" rm -f "${names[@]}" >/dev/null 2>&1
}

ship_once() {  # SIDE ROUND
  next_name
  idle_gap
  case $1 in
    berth) ship_berth "$2" ;;
    docker) ship_docker "$2" ;;
    fanin-berth) ship_fanin_berth "$2" ;;
    fanin-docker) ship_fanin_docker "$2" ;;
  esac
}

part_ship() {
  local side round
  ship_settings
  start_ship_log_service
  start_ship_agent
  fact "log-service (part ship)" "127.0.0.1:$SHIP_LOGS_PORT, schema $SHIP_SCHEMA, PostgreSQL $(ship_psql 'SHOW server_version')"
  say "figure 13: 50 MB of 41-byte lines shipped to log-service, and read back; $ROUNDS_SHIP rounds of: berth docker"
  for side in berth docker; do note "warm-up: $side"; ship_once "$side" 0; done
  for ((round = 1; round <= ROUNDS_SHIP; round++)); do
    for side in $(in_round_order "$round" berth docker); do ship_once "$side" "$round"; done
    note "round $round done"
  done
  say "figure 14: $FANIN_CONTAINERS containers at once, $FANIN_BYTES bytes each; $ROUNDS_SHIP rounds"
  for side in fanin-berth fanin-docker; do note "warm-up: $side"; ship_once "$side" 0; done
  for ((round = 1; round <= ROUNDS_SHIP; round++)); do
    for side in $(in_round_order "$round" fanin-berth fanin-docker); do ship_once "$side" "$round"; done
    note "round $round done"
  done
  stop_ship
}
