#!/bin/bash
# The scheduler on real nodes: three node agents, each in a network namespace of its own ("host" a, b, c on bridge
# berthbc, 10.94.0.11-13; the scheduler on 10.94.0.1), against Docker Swarm (Debian's docker.io, a one-node swarm on
# this machine), alternating them round by round. With the settings users get (node grace 10 s, heartbeat 3 s), and
# a 1 s stop grace on both sides (busybox `sleep` ignores SIGTERM as PID 1). Swarm watches each updated task for
# failure before the next (--update-monitor, 5 s by default); Berth moves on once the new replica runs, so Swarm's is
# set to 100 ms, as near to that as it takes.
#
#   deploy      creating a service of 3 replicas (busybox sleep; Berth spread over the nodes) until all 3 run:
#               Berth: POST /api/v1/apps to the scheduler; Swarm: `docker service create --detach`
#   update      a rolling update of those 3 to another tag, one at a time, stop-first (Berth maxUnavailable 1,
#               maxSurge 0; Swarm --update-parallelism 1 --update-order stop-first), until all 3 run the new one:
#               Berth: POST …/deploy; Swarm: `docker service update --detach --image`
#   failover    Berth only (a one-node swarm has nowhere to move to): every process of the node with a replica
#               SIGKILLed (its agent, its containers) until its replica runs on another node; the node grace is
#               most of it, and the report gives the part after it too
#
# Both sides are polled every 50 ms (Berth: the scheduler's ps, as `berth service ps` reads it; Swarm: `docker
# service ps`). Standalone: bash bench/lib/cluster.sh [ROUNDS]  (root; builds nothing: node-agent, scheduler and cli
# must be built; PostgreSQL as deploy/postgres.sh sets it up, schema scheduler_bench_cluster, dropped before and after).
set -euo pipefail
HERE=$(cd "$(dirname "$0")/../.." && pwd)
. "$HERE/deploy/lib.sh"
. "$HERE/deploy/postgres.sh"
BERTH_HOME=$HERE
ROUNDS=${1:-5}
WORK=${WORK:-/tmp/berth-bench-cluster}
DOCKER=${DOCKER:-/usr/bin/docker}
BRIDGE=berthbc PREFIX=10.94.0 SCHED_PORT=7810 AGENT_PORT=7700 SCHEMA=scheduler_bench_cluster TENANT=bench
SCHED=http://$PREFIX.1:$SCHED_PORT
NODES="a b c"
SWARM_IMAGE=berth-bench-swarm

require_root
ensure_packages curl jq iproute2 busybox-static docker.io containerd util-linux
find_java
for jar in node-agent/target/node-agent.jar scheduler/target/scheduler.jar cli/target/berth-cli.jar; do
  [ -f "$BERTH_HOME/$jar" ] || die "$BERTH_HOME/$jar is not built: mvn -B -q -DskipTests package"
done
ensure_postgres
. /etc/berth/postgres.env
mkdir -p "$WORK"
SAMPLES=$WORK/samples.tsv
: >"$SAMPLES"
STARTED_DOCKERD=false STARTED_CONTAINERD=false SWARM_MADE=false SCHED_PID=
declare -A AGENT_PID

now_us() { echo "${EPOCHREALTIME/[.,]/}"; }
sample() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$SAMPLES"; }
psql_bench() { PGPASSWORD=$BERTH_DB_PASSWORD psql -h 127.0.0.1 -U berth -d berth -qtA -c "$1" >/dev/null; }

# --- the three hosts and the scheduler ---------------------------------------------------------------------------

host_ip() { case $1 in a) echo "$PREFIX.11" ;; b) echo "$PREFIX.12" ;; c) echo "$PREFIX.13" ;; esac; }

make_hosts() {
  remove_hosts
  ip link add $BRIDGE type bridge && ip addr add $PREFIX.1/24 dev $BRIDGE && ip link set $BRIDGE up
  for n in $NODES; do
    ip netns add $BRIDGE-$n
    ip link add $BRIDGE-$n type veth peer name eth0 netns $BRIDGE-$n
    ip link set $BRIDGE-$n master $BRIDGE up
    ip netns exec $BRIDGE-$n ip addr add "$(host_ip $n)/24" dev eth0
    ip netns exec $BRIDGE-$n ip link set eth0 up
    ip netns exec $BRIDGE-$n ip link set lo up
  done
}

remove_hosts() {
  for n in $NODES; do ip netns del $BRIDGE-$n 2>/dev/null || true; done
  ip link del $BRIDGE 2>/dev/null || true
}

start_scheduler() {
  psql_bench "DROP SCHEMA IF EXISTS $SCHEMA CASCADE"
  say "starting the scheduler on $SCHED (log: $WORK/scheduler.log)"
  BERTH_DB_PASSWORD=$BERTH_DB_PASSWORD setsid "$JAVA_HOME/bin/java" $SCHEDULER_JAVA_OPTS \
    -jar "$BERTH_HOME/scheduler/target/scheduler.jar" --server.address=$PREFIX.1 --server.port=$SCHED_PORT \
    --berth.scheduler.schema=$SCHEMA >"$WORK/scheduler.log" 2>&1 </dev/null &
  SCHED_PID=$!
  for _ in $(seq 600); do curl -fs "$SCHED/actuator/health" >/dev/null 2>&1 && return; sleep 0.1; done
  die "the scheduler did not start; see $WORK/scheduler.log"
}

start_agent() {
  local n=$1 ip
  ip=$(host_ip "$n")
  mkdir -p "$WORK/node-$n"
  nsenter --net=/run/netns/$BRIDGE-$n setsid "$JAVA_HOME/bin/java" $AGENT_JAVA_OPTS \
    -jar "$BERTH_HOME/node-agent/target/node-agent.jar" --server.address="$ip" --server.port=$AGENT_PORT \
    --berth.agent.state-dir="$WORK/node-$n/state" --berth.agent.run-dir="$WORK/node-$n/run" \
    --berth.agent.cgroup-parent=berth-bc-$n --berth.agent.logs.service= \
    --berth.agent.cluster.scheduler="$SCHED" --berth.agent.cluster.node-id=bench-$n \
    --berth.agent.cluster.labels.zone="$n" --berth.agent.cluster.stop-timeout=1s \
    >>"$WORK/node-$n/agent.log" 2>&1 </dev/null &
  AGENT_PID[$n]=$!
  for _ in $(seq 600); do curl -fs "http://$ip:$AGENT_PORT/actuator/health" >/dev/null 2>&1 && return; sleep 0.1; done
  die "the agent of node $n did not start; see $WORK/node-$n/agent.log"
}

node_state() { curl -fs "$SCHED/api/v1/nodes/bench-$1" | jq -r .state; }

# Every process of node $1: its agent, whatever runs in its network namespace, its containers' cgroups.
kill_node() {
  local n=$1 link pids round
  link="net:[$(stat -Lc %i /run/netns/$BRIDGE-$n)]"
  for round in $(seq 20); do
    pids=$(for p in /proc/[0-9]*; do [ "$(readlink "$p/ns/net" 2>/dev/null)" = "$link" ] && echo "${p#/proc/}"; done
           cat /sys/fs/cgroup/pids/berth-bc-$n/*/cgroup.procs /sys/fs/cgroup/berth-bc-$n/*/cgroup.procs 2>/dev/null
           true)
    [ -n "$pids" ] || return 0
    # shellcheck disable=SC2086
    kill -9 $pids 2>/dev/null || true
    sleep 0.05
  done
  die "node $n's processes outlived 20 rounds of SIGKILL"
}

remove_agent_containers() {
  local n=$1 ip id
  ip=$(host_ip "$n")
  for id in $(curl -fs "http://$ip:$AGENT_PORT/v1/containers?all=true" 2>/dev/null | jq -r '.[].id'); do
    curl -fs -X DELETE "http://$ip:$AGENT_PORT/v1/containers/$id?force=true" >/dev/null || true
  done
}

# --- Docker Swarm ------------------------------------------------------------------------------------------------

start_swarm() {
  if ! "$DOCKER" info >/dev/null 2>&1; then
    if ! ctr version >/dev/null 2>&1; then
      setsid containerd >"$WORK/containerd.log" 2>&1 </dev/null &
      echo $! >"$WORK/containerd.pid"; STARTED_CONTAINERD=true
      for _ in $(seq 300); do ctr version >/dev/null 2>&1 && break; sleep 0.1; done
    fi
    setsid dockerd --storage-driver=overlay2 --containerd=/run/containerd/containerd.sock \
      >"$WORK/dockerd.log" 2>&1 </dev/null &
    echo $! >"$WORK/dockerd.pid"; STARTED_DOCKERD=true
    for _ in $(seq 600); do "$DOCKER" info >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  if [ "$("$DOCKER" info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
    "$DOCKER" swarm init --advertise-addr 127.0.0.1 >/dev/null
    SWARM_MADE=true
  fi
  "$DOCKER" import "$WORK/busybox.tar" $SWARM_IMAGE:1 >/dev/null
  "$DOCKER" tag $SWARM_IMAGE:1 $SWARM_IMAGE:2
}

stop_swarm() {
  "$DOCKER" service ls -q --filter label=berth-bench 2>/dev/null | xargs -r "$DOCKER" service rm >/dev/null 2>&1 || true
  $SWARM_MADE && "$DOCKER" swarm leave --force >/dev/null 2>&1 || true
  "$DOCKER" rmi $SWARM_IMAGE:1 $SWARM_IMAGE:2 >/dev/null 2>&1 || true
  if $STARTED_DOCKERD; then kill "$(cat "$WORK/dockerd.pid")" 2>/dev/null || true; sleep 3; fi
  if $STARTED_CONTAINERD; then kill "$(cat "$WORK/containerd.pid")" 2>/dev/null || true; fi
}

# --- the rounds --------------------------------------------------------------------------------------------------

berth_running() {  # app, image: how many replicas run that image
  local spec
  curl -fs "$SCHED/api/v1/apps/$1/services/web/ps?tenant=$TENANT" | jq --arg v "$(berth_version "$1" "$2")" \
    '[.[] | select(.status == "running" and .node != null and (.specVersion | tostring) == $v)] | length'
}
berth_version() {  # the newest version of the app's web whose image is $2
  curl -fs "$SCHED/api/v1/apps/$1/services/web/versions?tenant=$TENANT" \
    | jq -r --arg i "$2" '[.[] | select(.spec.image == $i) | .version] | max'
}
swarm_running() {  # service, image
  "$DOCKER" service ps "$1" --filter desired-state=running --format '{{.Image}} {{.CurrentState}}' 2>/dev/null \
    | grep -c "^$2 Running" || true
}
wait_for() {  # seconds, command...: until it prints 3
  local deadline=$(( $(now_us) + $1 * 1000000 )); shift
  until [ "$("$@")" = 3 ]; do
    [ "$(now_us)" -lt $deadline ] || return 1
    sleep 0.05
  done
}

berth_round() {
  local r=$1 app=b$1 t0
  t0=$(now_us)
  curl -fs -X POST "$SCHED/api/v1/apps?tenant=$TENANT" -H 'Content-Type: application/json' -d "{\"name\":\"$app\",
    \"services\":{\"web\":{\"image\":\"busybox:1\",\"command\":[\"sleep\",\"3600\"],\"replicas\":3,
    \"placement\":{\"spread\":\"node.labels.zone\"},\"update\":{\"maxUnavailable\":1,\"maxSurge\":0}}}}" >/dev/null
  wait_for 120 berth_running "$app" busybox:1 || die "berth: $app did not run 3 replicas"
  sample deploy berth $(( $(now_us) - t0 ))
  t0=$(now_us)
  curl -fs -X POST "$SCHED/api/v1/apps/$app/deploy?tenant=$TENANT" -H 'Content-Type: application/json' \
    -d '{"image":"busybox:2"}' >/dev/null
  wait_for 120 berth_running "$app" busybox:2 || die "berth: $app was not updated"
  until [ "$(curl -fs "$SCHED/api/v1/apps/$app?tenant=$TENANT" | jq -r '.services[0].rollout')" = done ]; do
    sleep 0.05
  done
  sample update berth $(( $(now_us) - t0 ))
  # Failover: the node of replica 0 loses every process.
  local victim
  victim=$(curl -fs "$SCHED/api/v1/apps/$app/services/web/ps?tenant=$TENANT" | jq -r '[.[] | .node][0]')
  victim=${victim#bench-}
  t0=$(now_us)
  kill_node "$victim"
  wait_for 120 berth_elsewhere "$app" "bench-$victim" || die "berth: the replicas of node $victim did not move"
  sample failover berth $(( $(now_us) - t0 ))
  curl -fs -X DELETE "$SCHED/api/v1/apps/$app?tenant=$TENANT" >/dev/null
  start_agent "$victim"
  until [ "$(node_state "$victim")" = up ]; do sleep 0.1; done
  for n in $NODES; do
    until [ "$(curl -fs "http://$(host_ip "$n"):$AGENT_PORT/v1/containers?all=true" | jq length)" = 0 ]; do
      remove_agent_containers "$n"; sleep 0.2
    done
  done
}
berth_elsewhere() {  # app, lost node: replicas running on the other nodes
  curl -fs "$SCHED/api/v1/apps/$1/services/web/ps?tenant=$TENANT" \
    | jq --arg lost "$2" '[.[] | select(.status == "running" and .node != null and .node != $lost)] | length'
}

swarm_round() {
  local r=$1 svc=berth-bench-$1 t0
  t0=$(now_us)
  "$DOCKER" service create --detach --quiet --label berth-bench --name "$svc" --replicas 3 --stop-grace-period 1s \
    --update-parallelism 1 --update-order stop-first --update-delay 0s --update-monitor 100ms \
    $SWARM_IMAGE:1 sleep 3600 >/dev/null
  wait_for 120 swarm_running "$svc" $SWARM_IMAGE:1 || die "swarm: $svc did not run 3 tasks"
  sample deploy swarm $(( $(now_us) - t0 ))
  t0=$(now_us)
  "$DOCKER" service update --detach --quiet --image $SWARM_IMAGE:2 "$svc" >/dev/null
  wait_for 180 swarm_running "$svc" $SWARM_IMAGE:2 || die "swarm: $svc was not updated"
  sample update swarm $(( $(now_us) - t0 ))
  "$DOCKER" service rm "$svc" >/dev/null
  until [ -z "$("$DOCKER" ps -q --filter "label=com.docker.swarm.service.name=$svc")" ]; do sleep 0.2; done
}

cleanup() {
  set +e
  for n in $NODES; do [ -e /run/netns/$BRIDGE-$n ] && { remove_agent_containers "$n"; kill_node "$n"; }; done
  [ -n "$SCHED_PID" ] && kill "$SCHED_PID" 2>/dev/null
  remove_hosts
  for n in $NODES; do
    for d in /sys/fs/cgroup/*/berth-bc-$n /sys/fs/cgroup/berth-bc-$n; do
      [ -d "$d" ] && { rmdir "$d"/* 2>/dev/null; rmdir "$d" 2>/dev/null; }
    done
    grep -o " $WORK/node-$n/[^ ]*" /proc/self/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null
  done
  stop_swarm
  psql_bench "DROP SCHEMA IF EXISTS $SCHEMA CASCADE"
}
trap cleanup EXIT

"$BERTH_HOME/deploy/busybox-rootfs.sh" "$WORK/busybox.tar" >/dev/null
make_hosts
start_scheduler
for n in $NODES; do
  start_agent "$n"
  "$BERTH_HOME/bin/berth" -H "http://$(host_ip "$n"):$AGENT_PORT" import "$WORK/busybox.tar" busybox:1 >/dev/null
  "$BERTH_HOME/bin/berth" -H "http://$(host_ip "$n"):$AGENT_PORT" tag busybox:1 busybox:2
done
until [ "$(curl -fs "$SCHED/api/v1/nodes" | jq '[.[] | select(.state == "up")] | length')" = 3 ]; do sleep 0.2; done
start_swarm

for r in $(seq "$ROUNDS"); do
  say "round $r of $ROUNDS"
  if [ $((r % 2)) = 1 ]; then berth_round "$r"; swarm_round "$r"; else swarm_round "$r"; berth_round "$r"; fi
done

# The report: medians, in seconds.
python3 - "$SAMPLES" "$ROUNDS" <<'EOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
get = lambda m, s: [int(v) / 1e6 for (mm, ss, v) in rows if mm == m and ss == s]
print(f"\n## The scheduler on three real nodes ({sys.argv[2]} rounds, alternated; medians, min-max)\n")
print("| measure | Berth (3 nodes) | Docker Swarm (1 node) | Berth ÷ Swarm |")
print("|---|---|---|---|")
def cell(xs): return f"{statistics.median(xs):.2f} s ({min(xs):.2f}-{max(xs):.2f})" if xs else "-"
for m, what in [("deploy", "create a service of 3 replicas → all 3 running"),
                ("update", "rolling update of the 3, one at a time, stop-first → all 3 on the new image"),
                ("failover", "every process of a node SIGKILLed → its replica running elsewhere (grace 10 s)")]:
    b, s = get(m, "berth"), get(m, "swarm")
    ratio = f"{statistics.median(b) / statistics.median(s):.2f}×" if b and s else ""
    print(f"| {what} | {cell(b)} | {cell(s) if s else 'not measured: one node'} | {ratio} |")
f = get("failover", "berth")
if f:
    print("\nThe grace counts from the node's last heartbeat (every 3 s), so up to 3 s of it has passed when the"
          " node dies: failover takes between grace - 3 s and grace, plus placing and starting the replica.")
EOF
