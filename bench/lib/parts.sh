# The measurements. Bash; sourced by run.sh. Each part alternates Berth and the anchors round by round (the order
# flips every round), so that a slow spell on a shared machine hits every side alike, and each side is warmed up once
# before its first measured round (the agent's JIT, Docker's caches, the page cache).
#
# Berth is driven through the node agent's HTTP API with curl, one curl process per operation, as a client of the
# API would; its CLI (a JVM start each time) is measured as a series of its own.

# --- helpers ----------------------------------------------------------------------------------------------------

# On these VMs a command that starts after the machine has idled for a moment takes far longer than the same command
# run back to back (crun run: about 6 ms hot, 22 ms after 0.2 s of idle), so figure 1 measures both regimes, and
# figure 4 lets the previous side's leftovers (dockerd finishes some work after `docker run` has returned) settle
# before each run.
idle_gap() { sleep "$IDLE_GAP"; }

next_name() { SEQ=$((SEQ + 1)); NAME=bench-$SEQ; }

# The sides in round $1's order: as given for odd rounds, reversed for even ones.
in_round_order() {
  local round=$1; shift
  if ((round % 2)); then echo "$@"; else echo "$@" | awk '{ for (i = NF; i > 0; i--) printf "%s%s", $i, (i > 1 ? " " : "\n") }'; fi
}

# The last line of error output, which a command that just failed left there: for the report.
last_error() { tail -n 1 "$ERRORS" 2>/dev/null | cut -c1-160; }

# A JSON body for POST /v1/containers. The command goes through jq one line per argument (jq would take a "-c"
# among positional arguments for its own option).
container_body() {  # name autoRemove cmd...
  local name=$1 auto=$2 cmd
  shift 2
  cmd=$(printf '%s\n' "$@" | jq -R . | jq -sc .)
  jq -nc --arg name "$name" --argjson auto "$auto" --argjson cmd "$cmd" \
    '{image: "busybox", cmd: $cmd, autoRemove: $auto, name: $name}'
}

# agent_timer METRIC FILTER: "<seconds> <count>" of one of the agent's Micrometer timers, summed over the series
# whose labels contain FILTER. Read outside the timed commands, it shows how much of a wall time the agent spent.
agent_timer() {
  curl -fsS "$API/actuator/prometheus" 2>/dev/null | awk -v m="$1" -v f="$2" '
    index($1, m "_sum{") == 1 && index($1, f) { s += $2 }
    index($1, m "_count{") == 1 && index($1, f) { c += $2 }
    END { print s + 0, c + 0 }'
}

# timer_mean_ms "SECONDS0 COUNT0" "SECONDS1 COUNT1": the mean of the events between two readings, in ms.
timer_mean_ms() {
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); n = y[2] - x[2]
    printf "%.1f", (n > 0 ? (y[1] - x[1]) * 1000 / n : 0) }'
}

LAUNCH_TIMER=berth_container_launch_seconds
REQUEST_TIMER=http_server_requests_seconds
CREATED_FILTER='method="POST",outcome="SUCCESS",status="201",uri="/v1/containers"'

# ================================================================================================================
# Figure 1: run --rm busybox true
# ================================================================================================================

# One curl process: create-and-start, then wait, over one connection (--next). An autoRemove container's exit status
# stays available to wait after it is gone, so a container that exits before the wait arrives is not missed.
berth_api_run_rm() {
  curl -sS -o "$TMP/create.json" -X POST -H 'Content-Type: application/json' -d "$BODY" "$API/v1/containers?start=true" \
    --next -sS -o "$TMP/wait.json" -X POST "$API/v1/containers/$NAME/wait"
}

berth_cli_run_rm()     { "$BERTH_CLI" run --rm busybox true; }
api_floor()            { curl -sS -o /dev/null "$API/v1/info"; }
crun_run_rm()          { crun run --bundle "$WORK/bundles/true" "$CRUN_PREFIX$SEQ" </dev/null; }
docker_run_rm()        { "$DOCKER" run --rm --label "$BENCH_LABEL" "$DOCKER_IMAGE" true; }
docker_run_rm_nonet()  { "$DOCKER" run --rm --network none --label "$BENCH_LABEL" "$DOCKER_IMAGE" true; }

# run_rm_once SIDE ROUND REGIME: one timed run, recorded under figure run-hot (right after the previous command) or
# run-idle (after an idle gap). Round 0 is a warm-up and is not recorded. For Berth, the agent's launch timer is read
# around the run, outside the timing and before the idle gap.
run_rm_once() {
  local side=$1 round=$2 regime=$3 ok=1 launch0 launch1
  next_name
  rm -f "$TMP/create.json" "$TMP/wait.json"
  [ "$side" = berth-api ] && launch0=$(agent_timer "$LAUNCH_TIMER" 'mode=')
  [ "$regime" = idle ] && idle_gap
  case $side in
    berth-api)
      BODY=$(container_body "$NAME" true true)
      timed berth_api_run_rm 2>>"$ERRORS"
      [ "$RC" = 0 ] && grep -q '"exitCode":0' "$TMP/wait.json" 2>/dev/null || ok=0 ;;
    berth-cli)   timed berth_cli_run_rm >/dev/null 2>>"$ERRORS" ;;
    api-floor)   timed api_floor 2>>"$ERRORS" ;;
    crun)        timed crun_run_rm >/dev/null 2>>"$ERRORS" ;;
    docker)      timed docker_run_rm >/dev/null 2>>"$ERRORS" ;;
    docker-none) timed docker_run_rm_nonet >/dev/null 2>>"$ERRORS" ;;
  esac
  [ "$RC" = 0 ] || ok=0
  local detail=""
  if [ $ok = 0 ]; then
    detail="exit $RC: $(last_error)"
    [ "$side" = berth-api ] && detail="$detail; create: $(head -c 200 "$TMP/create.json" 2>/dev/null); wait: $(head -c 200 "$TMP/wait.json" 2>/dev/null)"
    note "$side round $round ($regime) failed: $detail"
  fi
  [ "$round" = 0 ] && return
  sample_ms "run-$regime" "$side" "$round" "$ok" "$detail"
  if [ "$side" = berth-api ]; then
    launch1=$(agent_timer "$LAUNCH_TIMER" 'mode=')
    sample agent "launch-$regime" "$round" "$(timer_mean_ms "$launch0" "$launch1")" ms 1 "the agent's launch timer"
  fi
}

part_run() {
  # api-floor is one curl doing GET /v1/info: what any call through curl costs at least, container or not.
  local sides="berth-api api-floor berth-cli crun docker docker-none" side round i
  say "figure 1: run --rm busybox true, $ITERATIONS rounds of: $sides (order flips every round); each after" \
      "$IDLE_GAP s of idle, then at once again"
  # The agent is a JVM that runs for weeks: it is measured warm, after its JIT compiler has seen the launch path a
  # few times. Every other side is warmed up once.
  for ((i = 1; i < WARMUP_AGENT; i++)); do run_rm_once berth-api 0 hot; done
  for side in $sides; do run_rm_once "$side" 0 hot; done
  for ((round = 1; round <= ITERATIONS; round++)); do
    for side in $(in_round_order "$round" $sides); do
      run_rm_once "$side" "$round" idle
      run_rm_once "$side" "$round" hot
    done
    printf '.' >&2
  done
  printf '\n' >&2
}

# ================================================================================================================
# Figures 2 and 3: $COUNT sequential detached starts; memory while they run; removal
# ================================================================================================================

start_many_berth() {
  local i
  for ((i = 1; i <= COUNT; i++)); do
    next_name
    MANY+=("$NAME")
    curl -sS -o /dev/null -w '%{http_code}\n' -X POST -H 'Content-Type: application/json' \
      -d "{\"image\":\"busybox\",\"cmd\":[\"sleep\",\"3600\"],\"name\":\"$NAME\"}" "$API/v1/containers?start=true" \
      >>"$TMP/codes"
  done
}

# One curl process removes them all, as one `docker rm -f` does.
remove_many_berth() {
  local urls=() name
  for name in "${MANY[@]}"; do urls+=("$API/v1/containers/$name?force=true"); done
  curl -sS -o /dev/null -w '%{http_code}\n' -X DELETE "${urls[@]}" >>"$TMP/codes"
}

start_many_crun() {
  local i
  for ((i = 1; i <= COUNT; i++)); do
    next_name
    MANY+=("$CRUN_PREFIX$SEQ")
    crun run -d --bundle "$WORK/bundles/sleep" "$CRUN_PREFIX$SEQ" </dev/null >/dev/null 2>>"$ERRORS"
    echo $? >>"$TMP/codes"
  done
}

remove_many_crun() {
  local id
  for id in "${MANY[@]}"; do crun delete -f "$id" 2>>"$ERRORS"; echo $? >>"$TMP/codes"; done
}

start_many_docker() {
  local i
  for ((i = 1; i <= COUNT; i++)); do
    "$DOCKER" run -d --network none --label "$BENCH_LABEL" "$DOCKER_IMAGE" sleep 3600 >>"$TMP/ids" 2>>"$ERRORS"
  done
}

remove_many_docker() {
  # shellcheck disable=SC2046
  "$DOCKER" rm -f $(cat "$TMP/ids") >/dev/null 2>>"$ERRORS"
}

# count_lines FILE PATTERN
count_lines() { grep -c -x -- "$2" "$1" 2>/dev/null || true; }

# The processes that Berth runs besides the agent and the containers' own: a shim or monitor would show here. They
# are the agent's descendants outside the containers' cgroups (/berth/<id>), plus any process elsewhere whose command
# line names the agent's directories.
count_berth_processes() {
  local pid cg
  CONTAINER_PROCS=0 HELPER_PROCS=0 HELPER_PSS_KIB=0 HELPER_LIST=""
  for pid in $(descendants_of "$AGENT_PID"); do
    cg=$(memory_cgroup_of "$pid")
    [ -n "$cg" ] || continue   # gone meanwhile
    case $cg in
      /berth/*) CONTAINER_PROCS=$((CONTAINER_PROCS + 1)) ;;
      *) HELPER_PROCS=$((HELPER_PROCS + 1)); HELPER_PSS_KIB=$((HELPER_PSS_KIB + $(pss_kib "$pid")))
         HELPER_LIST="$HELPER_LIST $pid:$(cat "/proc/$pid/comm" 2>/dev/null)" ;;
    esac
  done
  for pid in $(ps -eo pid=,args= | awk -v a="$AGENT_STATE" -v b="$AGENT_RUN" -v c="$WORK/dist" -v me="$AGENT_PID" \
                 '$1 != me && (index($0, a) || index($0, b) || index($0, c)) && !/awk/ { print $1 }'); do
    case $(memory_cgroup_of "$pid") in
      /berth/*) ;;
      *) [ "$(ps -o ppid= -p "$pid" | tr -d ' ')" = "$AGENT_PID" ] && continue   # counted above
         HELPER_PROCS=$((HELPER_PROCS + 1)); HELPER_PSS_KIB=$((HELPER_PSS_KIB + $(pss_kib "$pid")))
         HELPER_LIST="$HELPER_LIST $pid:$(cat "/proc/$pid/comm" 2>/dev/null)" ;;
    esac
  done
}

many_berth() {
  local round=$1 rss0 pss0 thr0 rss1 pss1 thr1 ok=1 started
  MANY=()
  : >"$TMP/codes"
  settle
  rss0=$(rss_kib "$AGENT_PID") pss0=$(pss_kib "$AGENT_PID") thr0=$(threads_of "$AGENT_PID")
  local launch0 launch1 request0 request1
  launch0=$(agent_timer "$LAUNCH_TIMER" 'mode=') request0=$(agent_timer "$REQUEST_TIMER" "$CREATED_FILTER")
  timed start_many_berth
  START_US=$ELAPSED_US
  launch1=$(agent_timer "$LAUNCH_TIMER" 'mode=') request1=$(agent_timer "$REQUEST_TIMER" "$CREATED_FILTER")
  started=$(count_lines "$TMP/codes" 201)
  [ "$started" = "$COUNT" ] || { ok=0; note "berth: only $started of $COUNT started: $(last_error)"; }
  if [ "$round" != 0 ]; then
    sample_s many berth "$round" "$ok" "$started started"
    sample agent many-request-mean "$round" "$(timer_mean_ms "$request0" "$request1")" ms 1 \
      "the agent's time per POST /v1/containers?start=true (its http.server.requests timer)"
    sample agent many-launch-mean "$round" "$(timer_mean_ms "$launch0" "$launch1")" ms 1 \
      "of which launching (its berth.container.launch timer)"
  fi
  settle
  rss1=$(rss_kib "$AGENT_PID") pss1=$(pss_kib "$AGENT_PID") thr1=$(threads_of "$AGENT_PID")
  count_berth_processes
  if [ "$round" != 0 ]; then
    sample mem agent-rss-per-container "$round" "$(per_container_mib "$rss0" "$rss1" "$started")" MiB "$ok" "agent RSS $(kib_to_mib "$rss0") -> $(kib_to_mib "$rss1") MiB"
    sample mem agent-pss-per-container "$round" "$(per_container_mib "$pss0" "$pss1" "$started")" MiB "$ok" "agent PSS $(kib_to_mib "$pss0") -> $(kib_to_mib "$pss1") MiB"
    sample mem agent-threads-added "$round" $((thr1 - thr0)) threads 1 "$thr0 -> $thr1"
    sample mem berth-container-processes "$round" "$CONTAINER_PROCS" processes 1
    sample mem berth-helper-processes "$round" "$HELPER_PROCS" processes 1 "${HELPER_LIST# }"
    sample mem berth-helper-pss-per-container "$round" "$(per_container_mib 0 "$HELPER_PSS_KIB" "$started")" MiB 1
  fi
  : >"$TMP/codes"
  timed remove_many_berth
  ok=1
  [ "$(count_lines "$TMP/codes" 204)" = "${#MANY[@]}" ] || { ok=0; note "berth: not every remove answered 204: $(sort "$TMP/codes" | uniq -c | tr '\n' ' ')"; }
  [ "$round" = 0 ] || sample_s many-remove berth "$round" "$ok"
}

many_crun() {
  local round=$1 ok=1 started
  MANY=()
  : >"$TMP/codes"
  settle
  timed start_many_crun
  START_US=$ELAPSED_US
  started=$(count_lines "$TMP/codes" 0)
  [ "$started" = "$COUNT" ] || { ok=0; note "crun: only $started of $COUNT started: $(last_error)"; }
  [ "$round" = 0 ] || sample_s many crun "$round" "$ok" "$started started"
  settle
  [ "$round" = 0 ] || sample mem crun-helper-processes "$round" "$(pids_named crun | wc -l)" processes 1
  : >"$TMP/codes"
  timed remove_many_crun
  ok=1
  [ "$(count_lines "$TMP/codes" 0)" = "${#MANY[@]}" ] || ok=0
  [ "$round" = 0 ] || sample_s many-remove crun "$round" "$ok"
}

many_docker() {
  local round=$1 ok=1 started shims0 shims1 shimpss0 shimpss1 daemons0 daemons1
  : >"$TMP/ids"
  settle
  shims0=$(pids_named containerd-shim-runc-v2 | wc -l)
  # shellcheck disable=SC2046
  shimpss0=$(pss_sum_kib $(pids_named containerd-shim-runc-v2))
  # shellcheck disable=SC2046
  daemons0=$(pss_sum_kib $(pids_named dockerd) $(pids_named containerd))
  timed start_many_docker
  START_US=$ELAPSED_US
  started=$(wc -l <"$TMP/ids")
  [ "$started" = "$COUNT" ] || { ok=0; note "docker: only $started of $COUNT started: $(last_error)"; }
  [ "$round" = 0 ] || sample_s many docker "$round" "$ok" "$started started"
  settle
  shims1=$(pids_named containerd-shim-runc-v2 | wc -l)
  # shellcheck disable=SC2046
  shimpss1=$(pss_sum_kib $(pids_named containerd-shim-runc-v2))
  # shellcheck disable=SC2046
  daemons1=$(pss_sum_kib $(pids_named dockerd) $(pids_named containerd))
  if [ "$round" != 0 ]; then
    sample mem docker-shim-processes "$round" $((shims1 - shims0)) processes 1
    sample mem docker-shim-pss-per-container "$round" "$(per_container_mib "$shimpss0" "$shimpss1" "$started")" MiB "$ok" "shims PSS $(kib_to_mib "$shimpss0") -> $(kib_to_mib "$shimpss1") MiB"
    sample mem docker-daemons-pss-per-container "$round" "$(per_container_mib "$daemons0" "$daemons1" "$started")" MiB "$ok" "dockerd+containerd PSS $(kib_to_mib "$daemons0") -> $(kib_to_mib "$daemons1") MiB"
  fi
  timed remove_many_docker
  ok=1
  [ "$RC" = 0 ] || ok=0
  [ "$round" = 0 ] || sample_s many-remove docker "$round" "$ok"
}

# Lets the exits, the reaping and the page cache of the previous step settle before memory is read.
settle() { sleep "$SETTLE"; }

part_many() {
  local sides="berth crun docker" side round
  say "figures 2 and 3: $ROUNDS_MANY rounds of $COUNT detached 'sleep 3600' starts, memory, then removal: $sides"
  # A warm-up of a few containers per side is enough to load the code paths; a full one would double the run.
  for side in $sides; do note "warm-up: $side"; COUNT=$WARMUP_MANY many_"$side" 0; done
  for ((round = 1; round <= ROUNDS_MANY; round++)); do
    for side in $(in_round_order "$round" $sides); do
      many_"$side" "$round"
      note "round $round, $side: $COUNT started in $(us_to_s "$START_US") s, removed in $(us_to_s "$ELAPSED_US") s"
    done
  done
}

# The agent's memory with no container, read once after start-up and once after all the parts.
measure_idle_agent() {
  local when=$1
  settle
  sample mem "agent-idle-rss-$when" 1 "$(kib_to_mib "$(rss_kib "$AGENT_PID")")" MiB
  sample mem "agent-idle-pss-$when" 1 "$(kib_to_mib "$(pss_kib "$AGENT_PID")")" MiB
  sample mem "agent-idle-threads-$when" 1 "$(threads_of "$AGENT_PID")" threads
}

measure_idle_docker() {
  # shellcheck disable=SC2046
  sample mem docker-idle-pss 1 "$(kib_to_mib "$(pss_sum_kib $(pids_named dockerd) $(pids_named containerd))")" MiB 1 \
    "dockerd + containerd, $("$DOCKER" ps -q | wc -l) containers running"
}

# ================================================================================================================
# Figure 4: a container writes 50 MB of 41-byte lines to stdout; reading them back
# ================================================================================================================

berth_api_run_wait() {
  curl -sS -o "$TMP/create.json" -X POST -H 'Content-Type: application/json' -d "$BODY" "$API/v1/containers?start=true" \
    --next -sS -o "$TMP/wait.json" -X POST "$API/v1/containers/$NAME/wait"
}
berth_cli_logs()   { "$BERTH_CLI" logs "$NAME" | wc -c >"$TMP/bytes"; }
berth_api_logs()   { curl -sS "$API/v1/containers/$NAME/logs?stderr=false" | wc -c >"$TMP/bytes"; }
docker_logs()      { "$DOCKER" logs "$NAME" | wc -c >"$TMP/bytes"; }
crun_to_file()     { crun run --bundle "$WORK/bundles/yes" "$CRUN_PREFIX$SEQ" </dev/null >"$TMP/crun.out"; }

# Bytes Berth keeps on disk for a container's output: both streams' logs and their indexes.
berth_log_bytes() {
  local dir
  dir=$(curl -fsS "$API/v1/containers/$NAME" | jq -r .logPath)
  [ -d "$dir" ] || dir=$(dirname "$dir")   # logPath names the container's directory; a file would do too
  stat -c %s "$dir"/stdout.log "$dir"/stdout.idx "$dir"/stderr.log "$dir"/stderr.idx 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'
}

berth_remove() { curl -sS -o /dev/null -X DELETE "$API/v1/containers/$NAME?force=true"; }

# check_bytes: the count wc left in $TMP/bytes must be exactly 50000000.
check_bytes() {
  BYTES=$(tr -d ' ' <"$TMP/bytes" 2>/dev/null)
  [ "$BYTES" = "$LOG_BYTES" ]
}

# record FIGURE SIDE ROUND OK [DETAIL]: the timing just taken, in s; a failure is also said on the terminal. Round 0
# is the warm-up and is not recorded.
record() {
  [ "$4" = 1 ] || note "$2, $1, round $3 failed (exit $RC): ${5:-} $(last_error)"
  [ "$3" = 0 ] || sample_s "$1" "$2" "$3" "$4" "${5:-}"
}

logs_berth_cli() {
  local round=$1 ok=1
  timed "$BERTH_CLI" run --name "$NAME" busybox sh -c "$WRITE_50MB" >/dev/null 2>>"$ERRORS"
  [ "$RC" = 0 ] || ok=0
  record logs-write berth-cli "$round" $ok
  ok=1
  timed berth_cli_logs 2>>"$ERRORS"
  check_bytes || ok=0
  record logs-read berth-cli "$round" $ok "$BYTES bytes"
  if [ "$round" != 0 ]; then
    sample logs-bytes berth-cli "$round" "${BYTES:-0}" bytes $ok
    sample logs-disk berth "$round" "$(berth_log_bytes)" bytes 1 "stdout.log + stdout.idx + stderr.*"
  fi
  berth_remove
}

logs_berth_api() {
  local round=$1 ok=1
  BODY=$(container_body "$NAME" false sh -c "$WRITE_50MB")
  rm -f "$TMP/create.json" "$TMP/wait.json"
  timed berth_api_run_wait 2>>"$ERRORS"
  [ "$RC" = 0 ] && grep -q '"exitCode":0' "$TMP/wait.json" 2>/dev/null || ok=0
  record logs-write berth-api "$round" $ok "$(head -c 200 "$TMP/wait.json" 2>/dev/null)"
  timed berth_api_logs 2>>"$ERRORS"
  BYTES=$(tr -d ' ' <"$TMP/bytes")
  # The API's body is framed: an 8-byte header per frame on top of the 50 MB.
  record logs-read berth-api "$round" 1 "$BYTES bytes, framed"
  berth_remove
}

logs_docker() {
  local round=$1 ok=1
  NAME=berth-$NAME
  timed "$DOCKER" run --name "$NAME" --network none --label "$BENCH_LABEL" "$DOCKER_IMAGE" sh -c "$WRITE_50MB" \
    >/dev/null 2>>"$ERRORS"
  [ "$RC" = 0 ] || ok=0
  record logs-write docker "$round" $ok
  ok=1
  timed docker_logs 2>>"$ERRORS"
  check_bytes || ok=0
  record logs-read docker "$round" $ok "$BYTES bytes"
  if [ "$round" != 0 ]; then
    sample logs-bytes docker "$round" "${BYTES:-0}" bytes $ok
    sample logs-disk docker "$round" "$(stat -c %s "$("$DOCKER" inspect -f '{{.LogPath}}' "$NAME")")" bytes 1 "json-file"
  fi
  "$DOCKER" rm -f "$NAME" >/dev/null
}

logs_crun() {
  local round=$1 ok=1
  timed crun_to_file 2>>"$ERRORS"
  [ "$RC" = 0 ] && [ "$(stat -c %s "$TMP/crun.out")" = "$LOG_BYTES" ] || ok=0
  record logs-write crun-file "$round" $ok "stdout straight into a file"
  rm -f "$TMP/crun.out"
}

logs_once() {  # SIDE ROUND
  next_name
  idle_gap
  logs_"${1//-/_}" "$2"
}

part_logs() {
  local sides="berth-cli berth-api docker crun" side round
  say "figure 4: 50 MB of 41-byte lines to stdout, then read back; $ROUNDS_LOGS rounds of: $sides"
  for side in $sides; do note "warm-up: $side"; logs_once "$side" 0; done
  for ((round = 1; round <= ROUNDS_LOGS; round++)); do
    for side in $(in_round_order "$round" $sides); do logs_once "$side" "$round"; done
    note "round $round done"
  done
}
