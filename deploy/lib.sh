# Shared by deploy/*.sh: paths, the JDK, packages. POSIX sh; sourced, not run.

BERTH_HOME=$(cd "$(dirname "$0")/.." && pwd)
BERTH_STATE=${BERTH_STATE:-/var/lib/berth}
BERTH_RUN=${BERTH_RUN:-/run/berth}
BERTH_LOG_DIR=${BERTH_LOG_DIR:-/var/log/berth}
BERTH_AGENT_PORT=${BERTH_AGENT_PORT:-7700}
# The supervisor's pid: the node's one long-lived process above the agent (see node-agent/README.md, "Supervisor").
SUPERVISOR_PID_FILE=$BERTH_RUN/supervisor.pid
EXIT_RECORDS_DIR=$BERTH_RUN/exits
BERTH_REGISTRY_PORT=${BERTH_REGISTRY_PORT:-7720}
REGISTRY_PID_FILE=$BERTH_RUN/registry-service.pid

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'berth: %s\n' "$*" >&2; exit 1; }

require_root() {
  [ "$(id -u)" = 0 ] || die "run this as root: the node agent creates namespaces, mounts and cgroups"
}

# Debian packages Berth needs at run time and to build; installs only what is missing.
ensure_packages() {
  missing=""
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
  done
  if [ -n "$missing" ]; then
    say "installing$missing"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
}

# The node agent's JVM: a small, bounded heap and one Netty arena keep it near 130 MiB idle; C1 only, since it
# spends its time in kernel calls rather than hot Java loops. Its one hot loop, hashing layers, runs in libcrypto
# (linux.Sha256): C1 would hash at a tenth of the speed, and C2 would cost some 30 MiB more.
AGENT_JAVA_OPTS="-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -Xss512k -XX:TieredStopAtLevel=1 -XX:-UsePerfData \
  -Xms8m -Xmx256m -XX:ReservedCodeCacheSize=32m -Dio.netty.allocator.numDirectArenas=1 \
  -Dio.netty.allocator.numHeapArenas=1 -Dio.netty.allocator.maxOrder=7 --enable-native-access=ALL-UNNAMED"

# nftables: kernel NAT for published ports, masquerading and isolation between networks, in Berth's own table;
# iptables: accept rules for Berth's bridges in the FORWARD chain, which Docker, where installed, sets to DROP.
RUNTIME_PACKAGES="busybox-static tini curl perl iproute2 procps nftables iptables"
# gcc and libc6-dev: the supervisor (node-agent/src/main/c/berth-supervisor.c) is a small C program, built by Maven.
BUILD_PACKAGES="maven gcc libc6-dev"
# skopeo: the registry's integration tests push and pull with it, as a user would. docker-registry (distribution):
# the agent's pull and push are tested against it too, a registry Berth did not write.
TEST_PACKAGES="skopeo docker-registry"

# The registry's JVM: blob bytes stream through small buffers, so a modest heap will do; C2 stays on for hashing.
REGISTRY_JAVA_OPTS="-XX:+UseSerialGC -XX:-UsePerfData -Xms16m -Xmx512m -Dio.netty.allocator.numDirectArenas=1 \
  -Dio.netty.allocator.numHeapArenas=1 --enable-native-access=ALL-UNNAMED"

# log-service: ingestion batches (up to berth.logs.ingest.max-request each) pass through the heap; C2 for the
# line splitting and encoding of reads.
BERTH_LOGS_PORT=${BERTH_LOGS_PORT:-7730}
LOGS_PID_FILE=$BERTH_RUN/log-service.pid
LOGS_JAVA_OPTS="-XX:+UseSerialGC -XX:-UsePerfData -Xms32m -Xmx768m -Dio.netty.allocator.numDirectArenas=1 \
  -Dio.netty.allocator.numHeapArenas=1 --enable-native-access=ALL-UNNAMED"

logs_running() { pid_file_running "$LOGS_PID_FILE"; }
stop_logs() { stop_service log-service "$LOGS_PID_FILE"; }

# The scheduler: placement rounds and the desired state are small; C1 is enough.
BERTH_SCHEDULER_PORT=${BERTH_SCHEDULER_PORT:-7740}
SCHEDULER_PID_FILE=$BERTH_RUN/scheduler.pid
SCHEDULER_JAVA_OPTS="-XX:+UseSerialGC -XX:-UsePerfData -Xms16m -Xmx384m -Dio.netty.allocator.numDirectArenas=1 \
  -Dio.netty.allocator.numHeapArenas=1 --enable-native-access=ALL-UNNAMED"

scheduler_running() { pid_file_running "$SCHEDULER_PID_FILE"; }
stop_scheduler() { stop_service "the scheduler" "$SCHEDULER_PID_FILE"; }

# The API gateway: the public entry point in front of the scheduler, the registry and log-service; requests stream
# through it, so a small heap will do.
BERTH_GATEWAY_PORT=${BERTH_GATEWAY_PORT:-7750}
GATEWAY_PID_FILE=$BERTH_RUN/api-gateway.pid
# Written once, by the gateway's first start (mode 600): the platform admin token.
BERTH_ADMIN_TOKEN_FILE=${BERTH_ADMIN_TOKEN_FILE:-/etc/berth/admin-token}
GATEWAY_JAVA_OPTS="-XX:+UseSerialGC -XX:-UsePerfData -Xms16m -Xmx384m -Dio.netty.allocator.numDirectArenas=1 \
  -Dio.netty.allocator.numHeapArenas=1 --enable-native-access=ALL-UNNAMED"

# The internal token: the registry, log-service, the scheduler and the agent refuse every request without it (but
# their health checks); the gateway and the agent send it, and so does bin/berth run by root. Made once, mode 600.
BERTH_INTERNAL_TOKEN_FILE=${BERTH_INTERNAL_TOKEN_FILE:-/etc/berth/internal-token}

# ensure_internal_token: writes 32 random bytes, unpadded base64url, unless the file holds a token already.
ensure_internal_token() {
  [ -s "$BERTH_INTERNAL_TOKEN_FILE" ] && return 0
  mkdir -p "$(dirname "$BERTH_INTERNAL_TOKEN_FILE")"
  (umask 077 && head -c 32 /dev/urandom | base64 -w 0 | tr '+/' '-_' | tr -d '=' >"$BERTH_INTERNAL_TOKEN_FILE.new")
  mv "$BERTH_INTERNAL_TOKEN_FILE.new" "$BERTH_INTERNAL_TOKEN_FILE"
  say "wrote the internal token to $BERTH_INTERNAL_TOKEN_FILE (mode 600)"
}

gateway_running() { pid_file_running "$GATEWAY_PID_FILE"; }
stop_gateway() { stop_service "the gateway" "$GATEWAY_PID_FILE"; }

# A JDK of version 21 or later: JAVA_HOME, else Temurin 25, else the newest one under /usr/lib/jvm.
find_java() {
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 \
                   $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    major=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 \
            | sed -n 's/^ *java.specification.version = //p')
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
      JAVA_HOME=${candidate%/}; export JAVA_HOME
      # Maven's own libraries use sun.misc.Unsafe; JDK 24+ warns about it on every build.
      [ "$major" -ge 24 ] && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" && export MAVEN_OPTS
      return 0
    fi
  done
  die "no JDK 21+ found; install one (Temurin 25 is what Berth is built and tested with) or set JAVA_HOME"
}

# pid_file_running FILE: the process a pid file names runs.
pid_file_running() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# wait_for_service WHAT PID_FILE PORT LOG: until the service answers its health check on PORT, 60 s at most.
wait_for_service() {
  i=0
  until curl -fsS "http://127.0.0.1:$3/actuator/health" >/dev/null 2>&1; do
    i=$((i + 1))
    pid_file_running "$2" || die "$1 exited during start-up; see $BERTH_LOG_DIR/$4"
    [ $i -lt 300 ] || die "$1 did not answer within 60 s; see $BERTH_LOG_DIR/$4"
    sleep 0.2
  done
}

# stop_service WHAT PID_FILE: stops the process of a pid file, if it runs, and removes the file.
stop_service() {
  if pid_file_running "$2"; then
    stop_process "$1" "$(cat "$2")"
  fi
  rm -f "$2"
}

# start_service WHAT MODULE PID_FILE PORT JAVA_OPTS [ARGUMENTS]: (re)starts a service from an extracted copy of
# MODULE/target/MODULE.jar in $BERTH_STATE/dist/MODULE, so that a rebuild never replaces the jars under a running JVM;
# its log is $BERTH_LOG_DIR/MODULE.log. Returns once it answers on PORT.
start_service() {
  what=$1 module=$2 pid_file=$3 port=$4 opts=$5
  shift 5
  if pid_file_running "$pid_file"; then
    say "stopping $what"
    stop_service "$what" "$pid_file"
  fi
  copy=$BERTH_STATE/dist/$module
  rm -rf "$copy.new" && mkdir -p "$copy.new"
  "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$BERTH_HOME/$module/target/$module.jar" extract \
    --destination "$copy.new" >/dev/null
  rm -rf "$copy" && mv "$copy.new" "$copy"
  say "starting $what on 127.0.0.1:$port (log: $BERTH_LOG_DIR/$module.log)"
  # shellcheck disable=SC2086
  LANG=C.UTF-8 nohup "$JAVA_HOME/bin/java" $opts -jar "$copy/$module.jar" --server.port="$port" "$@" \
    >>"$BERTH_LOG_DIR/$module.log" 2>&1 &
  echo $! >"$pid_file"
  wait_for_service "$what" "$pid_file" "$port" "$module.log"
}

# The supervisor runs (and restarts the agent whenever it dies).
agent_running() { pid_file_running "$SUPERVISOR_PID_FILE"; }

# stop_process WHAT PID: SIGTERM, then up to 30 s for it to go (SIGKILL after that).
stop_process() {
  kill -TERM "$2" 2>/dev/null || return 0
  i=0
  while kill -0 "$2" 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 150 ] || { say "$1 (pid $2) did not stop within 30 s of SIGTERM; killing it"; kill -KILL "$2"; break; }
    sleep 0.2
  done
}

# Before a supervisor is started: anything that would keep the new agent from serving goes, gracefully (an agent's
# graceful stop leaves its containers running). That is a supervisor of an older kind (the JVM one that came before
# berth-supervisor), or an agent that no supervisor runs: one started before agents were supervised (its pid file is
# node-agent.pid), or one whose supervisor was killed. Without this, the new agent would find its port taken and
# the new supervisor would restart it forever.
stop_stale_agents() {
  if agent_running; then
    supervisor=$(cat "$SUPERVISOR_PID_FILE")
    case $(tr '\0' ' ' <"/proc/$supervisor/cmdline" 2>/dev/null) in
      *berth-supervisor*) return 0 ;;
    esac
    say "stopping the supervisor of an older kind, pid $supervisor (containers keep running)"
    stop_process "the supervisor" "$supervisor"
  fi
  for pid in $(pgrep -f -- "node-agent.jar --server.port=$BERTH_AGENT_PORT( |\$)" || true); do
    say "stopping a node agent that no supervisor runs, pid $pid (containers keep running)"
    stop_process "the node agent" "$pid"
  done
  rm -f "$BERTH_RUN/node-agent.pid"
}

wait_for_agent() { wait_for_service "the node agent" "$SUPERVISOR_PID_FILE" "$BERTH_AGENT_PORT" node-agent.log; }

registry_running() { pid_file_running "$REGISTRY_PID_FILE"; }
stop_registry() { stop_service "the registry" "$REGISTRY_PID_FILE"; }
