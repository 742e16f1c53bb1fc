# Part durable: what it costs that containers outlive their agent. Sourced by bench/run.sh after parts.sh.
#
# The part runs a node agent of its own under the supervisor, as deploy/up.sh does (port PORT+10, its own state,
# run directory and network), and measures:
#   figure 11: the memory that keeps each running container's exit knowable while no agent runs: the supervisor's
#              PSS with COUNT detached `sleep` containers, divided by COUNT (stdio costs nothing: the containers
#              append to files themselves, so there is no other per-container helper); and, where Podman is
#              installed, conmon's PSS per container for the same COUNT containers;
#   figure 12: the time from SIGKILL of the agent to the next agent answering with DURABLE_ADOPT containers adopted
#              (the supervisor restarts it after 0.2 s; recovery runs before the agent serves).

# After the options are read: the port and the work directory come from them.
durable_settings() {
  DURABLE_PORT=$((PORT + 10))
  DURABLE_API=http://127.0.0.1:$DURABLE_PORT
  DURABLE_STATE=$WORK/durable-state DURABLE_RUN=$WORK/durable-run
  DURABLE_NET="berthbenchdu0 10.75.0.0/16 10.76.0.0/16 berth_benchdu"
  DURABLE_ADOPT=${DURABLE_ADOPT:-20}
  PODMAN=${PODMAN:-podman}
  PODMAN_IMAGE=localhost/berth-bench/busybox:latest
}
SUPERVISOR_PID=

start_durable_agent() {
  local bridge subnet pool table i=0
  read -r bridge subnet pool table <<<"$DURABLE_NET"
  port_in_use "$DURABLE_PORT" && die "port $DURABLE_PORT (part durable's agent) is in use by another program"
  stop_durable_agent
  rm -rf "$DURABLE_STATE" "$DURABLE_RUN"
  mkdir -p "$DURABLE_STATE" "$DURABLE_RUN"
  [ -d "$WORK/dist" ] || "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$BERTH_HOME/node-agent/target/node-agent.jar" \
    extract --destination "$WORK/dist" >/dev/null || die "cannot extract node-agent.jar"
  # The supervisor as deploy/up.sh installs it: the C binary next to the extracted jar.
  cp "$BERTH_HOME/node-agent/target/berth-supervisor" "$WORK/dist/berth-supervisor" \
    || die "no node-agent/target/berth-supervisor: build the node agent first"
  say "starting a supervised node agent on 127.0.0.1:$DURABLE_PORT (log: $WORK/durable-agent.log)"
  # shellcheck disable=SC2086
  setsid "$WORK/dist/berth-supervisor" --exit-records "$DURABLE_RUN/exits" -- \
    "$JAVA_HOME/bin/java" $AGENT_JAVA_OPTS -jar "$WORK/dist/node-agent.jar" --server.port="$DURABLE_PORT" \
    --berth.agent.state-dir="$DURABLE_STATE" --berth.agent.run-dir="$DURABLE_RUN" --berth.agent.logs.service= \
    --berth.agent.network.default-bridge="$bridge" --berth.agent.network.default-subnet="$subnet" \
    --berth.agent.network.pool="$pool" --berth.agent.network.table="$table" \
    >"$WORK/durable-agent.log" 2>&1 </dev/null &
  SUPERVISOR_PID=$!
  echo "$SUPERVISOR_PID" >"$WORK/durable-supervisor.pid"
  until curl -fsS "$DURABLE_API/actuator/health" >/dev/null 2>&1; do
    kill -0 "$SUPERVISOR_PID" 2>/dev/null || die "the supervisor exited during start-up; see $WORK/durable-agent.log"
    i=$((i + 1))
    [ $i -lt 600 ] || die "the supervised agent did not answer within 60 s; see $WORK/durable-agent.log"
    sleep 0.1
  done
  import_into_agent "$DURABLE_API"
}

# The agent under the supervisor: its child that runs the agent's jar.
durable_agent_pid() { pgrep -P "$SUPERVISOR_PID" -f -- "node-agent.jar --server.port=$DURABLE_PORT" | head -n 1; }

durable_start_sleepers() {  # COUNT PREFIX
  local i
  for ((i = 1; i <= $1; i++)); do
    curl -sS -o /dev/null -w '%{http_code}\n' -X POST -H 'Content-Type: application/json' \
      -d "$(container_body "$2-$i" false sleep 3600)" "$DURABLE_API/v1/containers?start=true"
  done | grep -c -x 201
}

durable_remove_all() {
  local urls=() id
  for id in $(curl -fsS "$DURABLE_API/v1/containers?all=true" | jq -r '.[].id'); do
    urls+=("$DURABLE_API/v1/containers/$id?force=true")
  done
  [ ${#urls[@]} -eq 0 ] || curl -sS -o /dev/null -X DELETE "${urls[@]}"
}

durable_running() { curl -fsS "$DURABLE_API/v1/containers" 2>/dev/null | jq '[.[] | select(.state == "running")] | length' 2>/dev/null || echo 0; }

durable_memory() {  # ROUND
  local round=$1 started pss0 pss1 agent pssa0 pssa1
  agent=$(durable_agent_pid)
  settle
  pss0=$(pss_kib "$SUPERVISOR_PID") pssa0=$(pss_kib "$agent")
  started=$(durable_start_sleepers "$COUNT" "durable-mem-$round")
  settle
  pss1=$(pss_kib "$SUPERVISOR_PID") pssa1=$(pss_kib "$agent")
  local ok=1
  [ "$started" = "$COUNT" ] || { ok=0; note "durable: only $started of $COUNT started"; }
  sample durable containers "$round" "$started" containers "$ok"
  sample durable supervisor-pss "$round" "$(kib_to_mib "$pss1")" MiB "$ok" "before the containers: $(kib_to_mib "$pss0") MiB"
  sample durable supervisor-pss-per-container "$round" "$(per_container_mib 0 "$pss1" "$started")" MiB "$ok"
  sample durable agent-pss-growth-per-container "$round" "$(per_container_mib "$pssa0" "$pssa1" "$started")" MiB "$ok" \
    "agent PSS $(kib_to_mib "$pssa0") -> $(kib_to_mib "$pssa1") MiB"
  durable_remove_all
}

durable_readopt() {  # ROUND
  local round=$1 started agent t0 t1 n ok=1
  started=$(durable_start_sleepers "$DURABLE_ADOPT" "durable-adopt-$round")
  agent=$(durable_agent_pid)
  [ -n "$agent" ] || die "no agent runs under the supervisor, pid $SUPERVISOR_PID"
  t0=$(date +%s%N)
  kill -KILL "$agent"
  # The new agent recovers (adopts) before it serves: the first answer listing them all running is the figure.
  until [ "$(durable_running)" = "$started" ]; do
    [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 60 ] || { ok=0; break; }
    sleep 0.02
  done
  t1=$(date +%s%N)
  n=$(durable_running)
  [ "$n" = "$DURABLE_ADOPT" ] || { ok=0; note "durable: $n of $DURABLE_ADOPT running after the restart"; }
  sample durable readopt "$round" "$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.3f", d / 1e9 }')" s "$ok" "$n adopted"
  durable_remove_all
}

# conmon's PSS per container, for COUNT detached podman containers of the same busybox rootfs.
durable_podman() {  # ROUND
  local round=$1 i total=0 pid n=0
  command -v "$PODMAN" >/dev/null 2>&1 || return 0
  "$PODMAN" image exists "$PODMAN_IMAGE" 2>/dev/null \
    || "$PODMAN" import "$WORK/busybox.tar" "$PODMAN_IMAGE" >/dev/null 2>>"$ERRORS" || return 0
  for ((i = 1; i <= COUNT; i++)); do
    "$PODMAN" run -d --network none --label "$BENCH_LABEL" --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 \
      "$PODMAN_IMAGE" sleep 3600 >/dev/null 2>>"$ERRORS" || break
  done
  settle
  for pid in $(pgrep -x conmon); do
    total=$((total + $(pss_kib "$pid"))) n=$((n + 1))
  done
  sample durable podman-conmon-pss-per-container "$round" "$(per_container_mib 0 "$total" "$n")" MiB \
    "$([ "$n" -gt 0 ] && echo 1 || echo 0)" "$n conmon processes"
  durable_podman_cleanup
}

durable_podman_cleanup() {
  command -v "$PODMAN" >/dev/null 2>&1 || return 0
  local ids
  ids=$("$PODMAN" ps -aq --filter "label=$BENCH_LABEL" 2>/dev/null)
  # shellcheck disable=SC2086
  [ -z "$ids" ] || "$PODMAN" rm -f -t 0 $ids >/dev/null 2>&1
}

part_durable() {
  local round
  durable_settings
  say "part durable: supervisor memory with $COUNT containers, re-adoption of $DURABLE_ADOPT after SIGKILL ($ROUNDS_DURABLE rounds)"
  start_durable_agent
  if command -v "$PODMAN" >/dev/null 2>&1; then
    # Podman runs its containers with crun, which needs hugetlb off cgroup2 on hybrid hosts, as for figure 1.
    $ANCHORS || prepare_cgroups_for_crun
  else
    remark "part durable: podman is not installed; conmon's 0.36 MiB per container is quoted from the anchors"
  fi
  for ((round = 1; round <= ROUNDS_DURABLE; round++)); do
    durable_memory "$round"
    durable_podman "$round"
    durable_readopt "$round"
  done
  stop_durable_agent
}

# SIGTERM to the supervisor stops the agent, then the supervisor; the containers were removed before.
stop_durable_agent() {
  local pid
  durable_settings
  [ -f "$WORK/durable-supervisor.pid" ] || return 0
  pid=$(cat "$WORK/durable-supervisor.pid")
  if kill -0 "$pid" 2>/dev/null; then
    curl -fsS "$DURABLE_API/actuator/health" >/dev/null 2>&1 && durable_remove_all
    stop_pid "$pid" 30
  fi
  rm -f "$WORK/durable-supervisor.pid"
  ip link del "${DURABLE_NET%% *}" 2>/dev/null
  nft delete table ip "${DURABLE_NET##* }" 2>/dev/null
  [ "$KEEP_STATE" = true ] || rm -rf "$DURABLE_STATE" "$DURABLE_RUN"
  durable_podman_cleanup
}
