# Setting up and tearing down what the benchmark compares: the anchors (crun, Docker) and a node agent of its own.
# Bash; sourced by run.sh. Every step is idempotent, so a run after an interrupted one starts clean.

# --- packages ---------------------------------------------------------------------------------------------------

# crun and docker.io are the anchors; busybox-static makes the test image; curl drives the agent's API; jq edits the
# OCI bundles; python3 writes the report; iptables restores the FORWARD policy that dockerd changes; ss (iproute2)
# checks the port; nftables is what the agent publishes ports with (kernel NAT), as deploy/lib.sh installs it.
BENCH_PACKAGES="crun docker.io containerd runc iptables nftables iproute2 busybox-static curl jq python3 procps"

install_packages() {
  local missing="" pkg
  for pkg in $BENCH_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
  done
  [ -z "$missing" ] && return 0
  say "installing$missing (Debian packages)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 \
    $missing >"$WORK/apt.log" 2>&1 || die "apt-get install failed; see $WORK/apt.log"
}

# --- cgroups for crun -------------------------------------------------------------------------------------------

# On a hybrid host (v1 controllers, plus a cgroup2 at /sys/fs/cgroup/unified that still owns a controller) crun 1.8
# refuses to run: "cgroups in hybrid mode not supported, drop all controllers from cgroupv2". Here that controller is
# hugetlb; binding it to a v1 hierarchy of its own empties the cgroup2. Berth and Docker work either way.
prepare_cgroups_for_crun() {
  # cgroupfs files report a size of 0, so the content is read rather than tested with -s.
  local owned
  owned=$(tr -d '\n' </sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null)
  [ -n "$owned" ] || return 0
  if [ "$owned" = hugetlb ] && ! mountpoint -q /sys/fs/cgroup/hugetlb; then
    mkdir -p /sys/fs/cgroup/hugetlb
    mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb \
      || die "cannot mount the hugetlb cgroup v1 hierarchy, which crun needs on this hybrid host"
    MOUNTED_HUGETLB=true
    remark "mounted hugetlb as a cgroup v1 hierarchy at /sys/fs/cgroup/hugetlb, which crun needs on this hybrid host"
  elif [ "$owned" != hugetlb ]; then
    remark "the cgroup2 mount at /sys/fs/cgroup/unified owns controllers ($owned): crun may refuse to run"
  fi
}

# Gives hugetlb back to the cgroup2 mount. The kernel keeps a v1 hierarchy alive, unmounted, while it has child
# cgroups (dockerd leaves an empty "docker" one), and only rebinds the controller once the hierarchy is gone; removing
# a cgroup completes asynchronously, hence the second try.
release_cgroups_for_crun() {
  [ "$MOUNTED_HUGETLB" = true ] || return 0
  local dir=/sys/fs/cgroup/hugetlb attempt
  for attempt in 1 2 3; do
    mkdir -p "$dir"
    mountpoint -q "$dir" || mount -t cgroup -o hugetlb cgroup "$dir" || break
    find "$dir" -mindepth 1 -depth -type d -exec rmdir {} \; 2>/dev/null
    umount "$dir" || break
    sleep 0.5
    [ "$(tr -d '\n' </sys/fs/cgroup/unified/cgroup.controllers)" = hugetlb ] && break
  done
  rmdir "$dir" 2>/dev/null
  [ "$(tr -d '\n' </sys/fs/cgroup/unified/cgroup.controllers)" = hugetlb ] \
    || note "hugetlb is not back on the cgroup2 mount; see bench/README.md, 'Undoing the changes'"
}

# --- containerd and dockerd -------------------------------------------------------------------------------------

CONTAINERD_SOCK=/run/containerd/containerd.sock

# Starts containerd and dockerd by hand when they are not running (there may be no systemd). dockerd sets the
# iptables FORWARD policy to DROP when it turns IP forwarding on; the policy it found is remembered so that stop_docker
# can put it back.
start_docker() {
  if ! ctr --address "$CONTAINERD_SOCK" version >/dev/null 2>&1; then
    say "starting containerd (log: $WORK/containerd.log)"
    setsid nohup containerd >>"$WORK/containerd.log" 2>&1 </dev/null &
    echo $! >"$WORK/containerd.pid"
    STARTED_CONTAINERD=true
    wait_until 30 ctr --address "$CONTAINERD_SOCK" version || die "containerd did not start; see $WORK/containerd.log"
  fi
  if ! "$DOCKER" info >/dev/null 2>&1; then
    FORWARD_POLICY_BEFORE=$(iptables -S FORWARD 2>/dev/null | awk '$1 == "-P" { print $3 }')
    say "starting dockerd (log: $WORK/dockerd.log)"
    setsid nohup dockerd --storage-driver=overlay2 --containerd="$CONTAINERD_SOCK" \
      >>"$WORK/dockerd.log" 2>&1 </dev/null &
    echo $! >"$WORK/dockerd.pid"
    STARTED_DOCKERD=true
    wait_until 60 "$DOCKER" info || die "dockerd did not start; see $WORK/dockerd.log"
  fi
}

stop_docker() {
  if [ "$STARTED_DOCKERD" = true ]; then
    say "stopping the dockerd this run started"
    stop_pid "$(cat "$WORK/dockerd.pid")" 30
    if [ -n "$FORWARD_POLICY_BEFORE" ] && [ "$FORWARD_POLICY_BEFORE" != DROP ]; then
      iptables -P FORWARD "$FORWARD_POLICY_BEFORE" 2>/dev/null || true
    fi
  fi
  if [ "$STARTED_CONTAINERD" = true ]; then
    say "stopping the containerd this run started"
    stop_pid "$(cat "$WORK/containerd.pid")" 30
  fi
}

# --- the busybox image, for all three ---------------------------------------------------------------------------

# One rootfs tar feeds all three: Berth imports it, Docker imports it, and crun runs it unpacked.
make_rootfs() {
  say "making the busybox rootfs with deploy/busybox-rootfs.sh"
  "$BERTH_HOME/deploy/busybox-rootfs.sh" "$WORK/busybox.tar"
  rm -rf "$WORK/rootfs" && mkdir -p "$WORK/rootfs"
  tar --numeric-owner -xpf "$WORK/busybox.tar" -C "$WORK/rootfs"
}

docker_import() {
  say "importing the rootfs into Docker as $DOCKER_IMAGE"
  "$DOCKER" import "$WORK/busybox.tar" "$DOCKER_IMAGE" >/dev/null || die "docker import failed"
}

# Removes the containers this benchmark made in Docker: they carry its label.
docker_remove_containers() {
  "$DOCKER" info >/dev/null 2>&1 || return 0
  local ids
  ids=$("$DOCKER" ps -aq --filter "label=$BENCH_LABEL")
  # shellcheck disable=SC2086
  [ -z "$ids" ] || "$DOCKER" rm -f $ids >/dev/null 2>&1
  true
}

# The containers, and unless --keep-anchors is given, the test image too.
docker_cleanup() {
  docker_remove_containers
  if [ "$KEEP_ANCHORS" != true ] && "$DOCKER" info >/dev/null 2>&1; then
    "$DOCKER" rmi "$DOCKER_IMAGE" >/dev/null 2>&1 || true
  fi
}

# An OCI bundle per workload, all sharing the unpacked rootfs (read-only, as crun spec makes it). crun spec gives the
# pid, network, ipc, uts and mount namespaces, and crun puts each container in cgroups of its own.
make_bundle() {
  local name=$1 args_json=$2 dir=$WORK/bundles/$1
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$dir" && crun spec) || die "crun spec failed"
  jq --arg root "$WORK/rootfs" --argjson args "$args_json" \
    '.root.path = $root | .process.terminal = false | .process.args = $args' \
    "$dir/config.json" >"$dir/config.json.new" && mv "$dir/config.json.new" "$dir/config.json"
}

make_bundles() {
  say "making OCI bundles for crun"
  make_bundle true '["true"]'
  make_bundle sleep '["sleep", "3600"]'
  make_bundle yes "$(jq -nc --arg c "$WRITE_50MB" '["sh", "-c", $c]')"
}

# Deletes every crun container this benchmark made (their names start with $CRUN_PREFIX).
crun_cleanup() {
  command -v crun >/dev/null || return 0
  local id
  for id in $(crun list -q 2>/dev/null | grep "^$CRUN_PREFIX"); do
    crun delete -f "$id" >/dev/null 2>&1
  done
}

# --- the node agent ---------------------------------------------------------------------------------------------

# Builds the jars when they are missing. A jar that exists is used as it is: rebuild it yourself to measure a change.
build_berth() {
  if [ -f "$BERTH_HOME/node-agent/target/node-agent.jar" ] && [ -f "$BERTH_HOME/cli/target/berth-cli.jar" ]; then
    return 0
  fi
  say "building Berth (JAVA_HOME=$JAVA_HOME)"
  (cd "$BERTH_HOME" && mvn -B -q -DskipTests package) || die "the build failed"
}

# The agent runs from an extracted copy, as deploy/up.sh runs it, so that a rebuild during the run cannot change the
# jars under it. The JVM flags are deploy/up.sh's. Its state, runtime files, port and network (bridge, subnets,
# nftables table) are the benchmark's own: a user's agent (on 7700, with /var/lib/berth, berth0 and table berth) is
# never touched.
start_agent() {
  stop_stale_agent "$WORK/agent.pid" "$AGENT_STATE" "$API" "$AGENT_NET"
  stop_stale_agent "$WORK/agent-proxy.pid" "$PROXY_STATE" "$PROXY_API" "$PROXY_NET"
  rm -rf "$WORK/dist"
  "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$BERTH_HOME/node-agent/target/node-agent.jar" extract \
    --destination "$WORK/dist" >/dev/null || die "cannot extract node-agent.jar"
  # AGENT_OPTIONS: what a part needs on top (part images: the default registry).
  spawn_agent "a node agent for the benchmark" "$PORT" "$AGENT_STATE" "$AGENT_RUN" "$WORK/agent.log" "$AGENT_NET" \
    "${AGENT_OPTIONS[@]}"
  AGENT_PID=$SPAWNED_PID
  echo "$AGENT_PID" >"$WORK/agent.pid"
}

# Part net's second agent, whose published ports go through Berth's userspace proxy instead of kernel NAT: the same
# extracted jars, with a port, directories and a network of its own.
start_proxy_agent() {
  stop_stale_agent "$WORK/agent-proxy.pid" "$PROXY_STATE" "$PROXY_API" "$PROXY_NET"
  spawn_agent "a second node agent, with port-driver=userspace-proxy," "$PROXY_PORT" "$PROXY_STATE" "$PROXY_RUN" \
    "$WORK/agent-proxy.log" "$PROXY_NET" --berth.agent.network.port-driver=userspace-proxy
  PROXY_PID=$SPAWNED_PID
  echo "$PROXY_PID" >"$WORK/agent-proxy.pid"
  import_into_agent "$PROXY_API"
}

# spawn_agent WHAT PORT STATE RUN LOG NETWORK [OPTION...]: starts an agent from the extracted jars and waits until it
# answers; leaves its PID in SPAWNED_PID. NETWORK is "BRIDGE SUBNET POOL TABLE", for the agent's default bridge, its
# subnet, the pool of user networks' subnets, and its nftables table.
spawn_agent() {
  local what=$1 port=$2 state=$3 run=$4 log=$5 bridge subnet pool table i=0
  read -r bridge subnet pool table <<<"$6"
  shift 6
  # Unless told where, an agent of the benchmark ships its logs nowhere: not to a log-service this host may run.
  local ship=(--berth.agent.logs.service=)
  case " $* " in *" --berth.agent.logs.service="*) ship=() ;; esac
  port_in_use "$port" && die "port $port is in use by another program; choose another with --port"
  rm -rf "$state" "$run"
  mkdir -p "$state" "$run"
  say "starting $what on 127.0.0.1:$port (log: $log)"
  # shellcheck disable=SC2086
  setsid nohup "$JAVA_HOME/bin/java" $AGENT_JAVA_OPTS \
    -jar "$WORK/dist/node-agent.jar" \
    --server.port="$port" \
    --berth.agent.state-dir="$state" --berth.agent.run-dir="$run" \
    --berth.agent.network.default-bridge="$bridge" --berth.agent.network.default-subnet="$subnet" \
    --berth.agent.network.pool="$pool" --berth.agent.network.table="$table" "${ship[@]}" "$@" \
    >"$log" 2>&1 </dev/null &
  SPAWNED_PID=$!
  until curl -fsS "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1; do
    kill -0 "$SPAWNED_PID" 2>/dev/null || die "the node agent exited during start-up; see $log"
    i=$((i + 1))
    [ $i -lt 600 ] || die "the node agent did not answer within 60 s; see $log"
    sleep 0.1
  done
}

# stop_stale_agent PIDFILE STATE API NETWORK: a previous run that was killed may have left its agent running; it is
# ours if its command line names our state directory.
stop_stale_agent() {
  local pidfile=$1 state=$2 api=$3 net=$4 pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--berth.agent.state-dir=$state "; then
    note "stopping the agent a previous run left behind (pid $pid)"
    remove_agent_containers "$api" "$pid"
    stop_pid "$pid" 30
    remove_agent_network "$net"
  fi
  rm -f "$pidfile"
}

port_in_use() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

# Part net publishes the five ports above the agent's and runs its second agent on the sixth: they must be free.
check_net_ports() {
  local p
  for p in $NET_PORT_BERTH $NET_PORT_DOCKER $BIG_PORT_BERTH $BIG_PORT_DOCKER $BIG_PORT_PROXY $PROXY_PORT; do
    port_in_use "$p" && die "part net needs ports $((PORT + 1))-$((PORT + 6)), but $p is in use; choose another --port"
  done
  true
}

# import_into_agent [API]: the busybox rootfs, into the benchmark's agent or another one.
import_into_agent() {
  local api=${1:-$API}
  say "importing the rootfs into the agent at $api as busybox:latest"
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/x-tar' --data-binary "@$WORK/busybox.tar" \
    "$api/v1/images/import?name=busybox:latest&changes=CMD%20%5B%22sh%22%5D" || die "importing busybox into the agent failed"
}

# remove_agent_containers [API PID]: the agent leaves running containers running when it stops, so they are removed
# first.
remove_agent_containers() {
  local api=${1:-$API} pid=${2:-${AGENT_PID:-}}
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  local ids urls=() id
  ids=$(curl -fsS "$api/v1/containers?all=true" 2>/dev/null | jq -r '.[].id' 2>/dev/null)
  for id in $ids; do urls+=("$api/v1/containers/$id?force=true"); done
  [ ${#urls[@]} -eq 0 ] || curl -sS -o /dev/null -X DELETE "${urls[@]}" 2>/dev/null
  true
}

# remove_agent_network NETWORK: a stopped agent leaves its bridge and its nftables table in place (an agent that starts
# again takes them over); the benchmark's are removed. NETWORK as for spawn_agent.
remove_agent_network() {
  local bridge table
  read -r bridge _ _ table <<<"$1"
  nft delete table ip "$table" 2>/dev/null
  ip link delete "$bridge" 2>/dev/null
  true
}

stop_agent() {
  [ -n "${AGENT_PID:-}" ] || return 0
  remove_agent_containers "$API" "$AGENT_PID"
  say "stopping the benchmark's node agent"
  stop_pid "$AGENT_PID" 30
  AGENT_PID=
  rm -f "$WORK/agent.pid"
  remove_agent_network "$AGENT_NET"
  [ "$KEEP_STATE" = true ] || rm -rf "$AGENT_STATE" "$AGENT_RUN" "$WORK/dist"
}

stop_proxy_agent() {
  [ -n "${PROXY_PID:-}" ] || return 0
  remove_agent_containers "$PROXY_API" "$PROXY_PID"
  say "stopping the second node agent (userspace proxy)"
  stop_pid "$PROXY_PID" 30
  PROXY_PID=
  rm -f "$WORK/agent-proxy.pid"
  remove_agent_network "$PROXY_NET"
  [ "$KEEP_STATE" = true ] || rm -rf "$PROXY_STATE" "$PROXY_RUN"
}

# --- small tools ------------------------------------------------------------------------------------------------

# wait_until SECONDS CMD...: polls CMD every 0.2 s until it succeeds.
wait_until() {
  local limit=$(($1 * 5)) i=0
  shift
  until "$@" >/dev/null 2>&1; do
    i=$((i + 1))
    [ $i -lt $limit ] || return 1
    sleep 0.2
  done
}

# stop_pid PID SECONDS: SIGTERM, then SIGKILL if it is still there after SECONDS.
stop_pid() {
  local pid=$1 limit=$(($2 * 5)) i=0
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -ge $limit ]; then kill -KILL "$pid" 2>/dev/null; break; fi
    sleep 0.2
  done
}

# Everything the run may have left: called on exit, also after an error or ^C.
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  images_cleanup
  stop_ship
  stop_durable_agent
  stop_proxy_agent
  stop_agent
  crun_cleanup
  docker_cleanup
  if [ "$KEEP_ANCHORS" != true ]; then
    stop_docker
    release_cgroups_for_crun
  elif [ "$STARTED_DOCKERD" = true ]; then
    note "left running (--keep-anchors): dockerd (pid $(cat "$WORK/dockerd.pid")) and containerd; logs in $WORK"
  fi
  rm -rf "$WORK/tmp"
  exit $rc
}
