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

# A JSON body for POST /v1/containers, without a network (like crun's bundles and `docker --network none`; figure 5
# measures the bridge). The command goes through jq one line per argument (jq would take a "-c" among positional
# arguments for its own option).
container_body() {  # name autoRemove cmd...
  local name=$1 auto=$2 cmd
  shift 2
  cmd=$(printf '%s\n' "$@" | jq -R . | jq -sc .)
  jq -nc --arg name "$name" --argjson auto "$auto" --argjson cmd "$cmd" \
    '{image: "busybox", cmd: $cmd, autoRemove: $auto, name: $name, network: "none"}'
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

berth_cli_run_rm()     { "$BERTH_CLI" run --rm --network none busybox true; }
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
      -d "{\"image\":\"busybox\",\"cmd\":[\"sleep\",\"3600\"],\"name\":\"$NAME\",\"network\":\"none\"}" "$API/v1/containers?start=true" \
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
  timed "$BERTH_CLI" run --name "$NAME" --network none busybox sh -c "$WRITE_50MB" >/dev/null 2>>"$ERRORS"
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

# ================================================================================================================
# Figures 5 and 6: a web server behind a published port: launch to the first HTTP 200, and 256 MiB through the port
# ================================================================================================================

# busybox httpd in the foreground, serving the rootfs's /var/www (it has an index.html).
HTTPD="httpd -f -p 80 -h /var/www"
BIG_BYTES=268435456
# The 256 MiB file is written under another name and renamed, and httpd starts only after it: a server that answers
# serves the whole file.
SERVE_BIG="head -c $BIG_BYTES /dev/zero >/var/www/big.part && mv /var/www/big.part /var/www/big && exec $HTTPD"
POLL_PAUSE=0.002                        # seconds between two tries of the poll in figure 5
NET_DEADLINE=20                         # seconds a launch in figure 5 may take to answer 200 before it counts as failed

# A pause that forks nothing: read -t on a pipe that this shell holds open for writing, so that nothing ever arrives.
# (sleep is a process of its own: a fork and an exec would cost about as much as the pause.)
open_pause() { exec {PAUSE_FD}<> <(:); }
close_pause() { exec {PAUSE_FD}<&-; }

# poll_200 URL SECONDS: curl URL, POLL_PAUSE s apart, until it answers 200; fails after SECONDS. Each try gives up
# after 1 s, so that a connection that hangs costs one try, not the run. Leaves the number of tries in POLLS.
poll_200() {
  local url=$1 code limit=$((${EPOCHREALTIME/[.,]/} + $2 * 1000000))
  POLLS=0
  while :; do
    POLLS=$((POLLS + 1))
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 1 "$url")
    [ "$code" = 200 ] && return 0
    [ "${EPOCHREALTIME/[.,]/}" -lt "$limit" ] || return 1
    read -r -t "$POLL_PAUSE" -u "$PAUSE_FD" _
  done
}

# net_body NAME HOSTPORT CMD...: a JSON body for POST /v1/containers that publishes container port 80 on
# 127.0.0.1:HOSTPORT, on the default network.
net_body() {
  local name=$1 port=$2
  shift 2
  container_body "$name" false "$@" | jq -c --argjson port "$port" \
    '.network = "bridge" | .ports = [{hostIp: "127.0.0.1", hostPort: $port, containerPort: 80, protocol: "tcp"}]'
}

# --- figure 5: launch to the first HTTP 200 ---------------------------------------------------------------------
# Each leaves in CREATE_US the time its create command took, i.e. when the poll began.

# One curl process creates, starts and asks for the page (--next): a client of the API, such as the gateway, pays no
# process start per request. The poll loop takes over only if that first GET is not a 200.
net_launch_berth_api() {
  local t0=${EPOCHREALTIME/[.,]/} code created served
  curl -sS -o "$TMP/create.json" -w '%{http_code} %{time_total}\n' -X POST -H 'Content-Type: application/json' \
    -d "$BODY" "$API/v1/containers?start=true" \
    --next -s -o /dev/null -w '%{http_code}\n' -m 1 "http://127.0.0.1:$NET_PORT_BERTH/" >"$TMP/code"
  { read -r code created; read -r served; } <"$TMP/code"
  CREATE_US=$(awk -v s="$created" 'BEGIN { printf "%d", s * 1000000 }')
  [ "$code" = 201 ] || return 1
  POLLS=1
  [ "$served" = 200 ] && return 0
  poll_200 "http://127.0.0.1:$NET_PORT_BERTH/" "$NET_DEADLINE"
  POLLS=$((POLLS + 1))
}

net_launch_berth_cli() {
  local t0=${EPOCHREALTIME/[.,]/}
  # shellcheck disable=SC2086
  "$BERTH_CLI" run -d --name "$NAME" -p "127.0.0.1:$NET_PORT_BERTH:80" busybox $HTTPD >/dev/null || return
  CREATE_US=$((${EPOCHREALTIME/[.,]/} - t0))
  poll_200 "http://127.0.0.1:$NET_PORT_BERTH/" "$NET_DEADLINE"
}

net_launch_docker() {
  local t0=${EPOCHREALTIME/[.,]/}
  # shellcheck disable=SC2086
  "$DOCKER" run -d --name "$NAME" --label "$BENCH_LABEL" -p "127.0.0.1:$NET_PORT_DOCKER:80" "$DOCKER_IMAGE" $HTTPD \
    >/dev/null || return
  CREATE_US=$((${EPOCHREALTIME/[.,]/} - t0))
  poll_200 "http://127.0.0.1:$NET_PORT_DOCKER/" "$NET_DEADLINE"
}

# net_launch_once SIDE ROUND: one timed launch after an idle gap, then the container's removal, untimed. Round 0 is a
# warm-up and is not recorded.
net_launch_once() {
  local side=$1 round=$2 ok=1 detail
  next_name
  [ "$side" = docker ] && NAME=berth-$NAME
  BODY=$(net_body "$NAME" "$NET_PORT_BERTH" $HTTPD)
  rm -f "$TMP/create.json" "$TMP/code"
  CREATE_US=0 POLLS=0
  idle_gap
  timed net_launch_"${side//-/_}" 2>>"$ERRORS"
  [ "$RC" = 0 ] || ok=0
  detail="create $(us_to_ms "$CREATE_US") ms, $POLLS tries"
  if [ $ok = 0 ]; then
    detail="$detail; exit $RC: $(last_error)"
    [ "$side" = berth-api ] && detail="$detail; create: $(head -c 200 "$TMP/create.json" 2>/dev/null)"
    note "$side round $round failed: $detail"
  fi
  if [ "$round" != 0 ]; then
    sample_ms net-launch "$side" "$round" "$ok" "$detail"
    sample net-launch-create "$side" "$round" "$(us_to_ms "$CREATE_US")" ms "$ok"
    sample net-launch-tries "$side" "$round" "$POLLS" tries "$ok"
  fi
  case $side in
    docker) "$DOCKER" rm -f "$NAME" >/dev/null 2>>"$ERRORS" ;;
    *) berth_remove ;;
  esac
}

net_launch() {
  local sides="berth-api berth-cli docker" side round i
  say "figure 5: launch to the first HTTP 200 from a port published on 127.0.0.1, $ROUNDS_NET rounds of: $sides" \
      "(each after $IDLE_GAP s of idle)"
  # As in figure 1, the agent is measured warm: a few launches through its network path first.
  for ((i = 1; i < WARMUP_AGENT; i++)); do net_launch_once berth-api 0; done
  for side in $sides; do net_launch_once "$side" 0; done
  for ((round = 1; round <= ROUNDS_NET; round++)); do
    for side in $(in_round_order "$round" $sides); do net_launch_once "$side" "$round"; done
    printf '.' >&2
  done
  printf '\n' >&2
}

# --- figure 6: 256 MiB through a published port, and straight to the container -----------------------------------

declare -A BIG_URL                      # series -> the URL of the 256 MiB file
BIG_BERTH= BIG_DOCKER= BIG_PROXY=       # the containers serving it

# big_berth API NAME HOSTPORT: starts a container serving the file through an agent; prints its address.
big_berth() {
  local api=$1 name=$2 port=$3
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -d "$(net_body "$name" "$port" sh -c "$SERVE_BIG")" \
    "$api/v1/containers?start=true" 2>>"$ERRORS" || return
  curl -fsS "$api/v1/containers/$name" | jq -r .networkSettings.ipAddress
}

big_docker() {
  "$DOCKER" run -d --name "$BIG_DOCKER" --label "$BENCH_LABEL" -p "127.0.0.1:$BIG_PORT_DOCKER:80" "$DOCKER_IMAGE" \
    sh -c "$SERVE_BIG" >/dev/null 2>>"$ERRORS" || return
  "$DOCKER" inspect -f '{{.NetworkSettings.IPAddress}}' "$BIG_DOCKER"
}

# Starts the servers and waits until each answers (the file is complete before httpd starts); fills BIG_URL.
big_start() {
  local ip driver series
  next_name; BIG_BERTH=$NAME
  ip=$(big_berth "$API" "$BIG_BERTH" "$BIG_PORT_BERTH") && [ -n "$ip" ] && [ "$ip" != null ] \
    || die "figure 6: the Berth container did not start: $(last_error)"
  BIG_URL[berth-published]=http://127.0.0.1:$BIG_PORT_BERTH/big BIG_URL[berth-direct]=http://$ip/big
  driver=$(curl -fsS "$API/v1/containers/$BIG_BERTH" | jq -r .networkSettings.portDriver)
  fact "berth port driver" "$driver (the benchmark's agent, network $AGENT_NET)"
  next_name; BIG_DOCKER=berth-$NAME
  ip=$(big_docker) && [ -n "$ip" ] || die "figure 6: the Docker container did not start: $(last_error)"
  BIG_URL[docker-published]=http://127.0.0.1:$BIG_PORT_DOCKER/big BIG_URL[docker-direct]=http://$ip/big
  if [ -n "$PROXY_PID" ]; then
    next_name; BIG_PROXY=$NAME
    if ip=$(big_berth "$PROXY_API" "$BIG_PROXY" "$BIG_PORT_PROXY") && [ -n "$ip" ] && [ "$ip" != null ]; then
      BIG_URL[berth-proxy-published]=http://127.0.0.1:$BIG_PORT_PROXY/big
      driver=$(curl -fsS "$PROXY_API/v1/containers/$BIG_PROXY" | jq -r .networkSettings.portDriver)
      fact "berth port driver, second agent" "$driver (network $PROXY_NET)"
    else
      remark "figure 6: the second agent's container did not start, so there is no userspace-proxy series: $(last_error)"
    fi
  fi
  for series in "${!BIG_URL[@]}"; do
    wait_until 120 curl -fsS -o /dev/null -m 2 "${BIG_URL[$series]%big}" \
      || die "figure 6: the server for $series did not answer within 120 s"
  done
}

big_stop() {
  [ -z "$BIG_BERTH" ] || curl -sS -o /dev/null -X DELETE "$API/v1/containers/$BIG_BERTH?force=true"
  [ -z "$BIG_PROXY" ] || curl -sS -o /dev/null -X DELETE "$PROXY_API/v1/containers/$BIG_PROXY?force=true"
  [ -z "$BIG_DOCKER" ] || "$DOCKER" rm -f "$BIG_DOCKER" >/dev/null 2>>"$ERRORS"
  BIG_BERTH= BIG_DOCKER= BIG_PROXY=
}

# big_once SERIES ROUND: one transfer of the file, to /dev/null; curl itself times it. The rate counts only if
# exactly the 268435456 bytes arrived.
big_once() {
  local series=$1 round=$2 ok=1 bytes= secs= rate
  curl -s -o /dev/null -w '%{size_download} %{time_total}\n' -m 120 "${BIG_URL[$series]}" >"$TMP/rate" 2>>"$ERRORS"
  RC=$?
  read -r bytes secs <"$TMP/rate"
  [ "$RC" = 0 ] && [ "$bytes" = "$BIG_BYTES" ] || ok=0
  rate=$(awk -v b="${bytes:-0}" -v s="${secs:-0}" 'BEGIN { printf "%.1f", (s > 0 ? b / s / 1e6 : 0) }')
  [ $ok = 1 ] || note "$series round $round failed (exit $RC): ${bytes:-no} bytes $(last_error)"
  [ "$round" = 0 ] || sample net-rate "$series" "$round" "$rate" MB/s "$ok" "${bytes:-0} bytes in ${secs:-?} s"
}

net_rate() {
  local series round line
  say "figure 6: 256 MiB through a published port and straight to the container, $ROUNDS_NET rounds"
  big_start
  # Series in a fixed order, whatever order the associative array keeps.
  local all="berth-published berth-direct docker-published docker-direct berth-proxy-published" sides=""
  for series in $all; do [ -n "${BIG_URL[$series]:-}" ] && sides="$sides $series"; done
  note "series:$sides"
  for series in $sides; do big_once "$series" 0; done
  for ((round = 1; round <= ROUNDS_NET; round++)); do
    line=""
    for series in $(in_round_order "$round" $sides); do
      big_once "$series" "$round"
      line="$line $series $(awk '$2 > 0 { printf "%.0f", $1 / $2 / 1e6 }' "$TMP/rate" 2>/dev/null)"
    done
    note "round $round, MB/s:$line"
  done
  big_stop
}

part_net() {
  open_pause
  net_launch
  # The second agent starts only now, so that it takes nothing from the figures before.
  start_proxy_agent
  net_rate
  stop_proxy_agent
  close_pause
}
