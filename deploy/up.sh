#!/bin/sh
# Sets up and runs Berth on this host: installs what is missing (Debian packages), builds, starts the node agent,
# PostgreSQL, the registry, log-service, the scheduler and the API gateway, and makes the busybox base image. Run as root. Idempotent: running it again rebuilds
# and restarts the agent and the registry; running containers survive that (the supervisor stays, see below).
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/postgres.sh"
require_root
ensure_packages $RUNTIME_PACKAGES $BUILD_PACKAGES
find_java
cd "$BERTH_HOME"

say "building (JAVA_HOME=$JAVA_HOME)"
mvn -B -q -DskipTests package

# The agent runs from a copy, so that a rebuild never replaces the jars under a running JVM. Each build gets a
# directory of its own and dist/node-agent points at the current one: the supervisor keeps running across an update
# (it stays the parent of the containers), and only the agent it starts is new. The previous copy is kept until the
# next update, for a JVM that still reads from it.
dist_root=$BERTH_STATE/dist
dist=$dist_root/node-agent
build=$dist_root/node-agent-$(date +%Y%m%d%H%M%S)
mkdir -p "$dist_root"
rm -rf "$build" && mkdir -p "$build"
"$JAVA_HOME/bin/java" -Djarmode=tools -jar node-agent/target/node-agent.jar extract --destination "$build" >/dev/null
# The supervisor, a small C program built with the agent, next to the agent's jar.
cp node-agent/target/berth-supervisor "$build/berth-supervisor"

mkdir -p "$BERTH_STATE/agent" "$BERTH_RUN" "$BERTH_LOG_DIR"
if "$JAVA_HOME/bin/java" -XX:AOTCacheOutput=/dev/null -version >/dev/null 2>&1; then
  # JDK 25+: record once per build which classes the agent loads, so that each start maps them instead.
  say "recording the node agent's ahead-of-time cache (once per build)"
  training=$(mktemp -d)
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" -XX:AOTCacheOutput="$build/node-agent.aot" $AGENT_JAVA_OPTS -Dspring.context.exit=onRefresh \
    -jar "$build/node-agent.jar" --server.port=0 --berth.agent.state-dir="$training/state" \
    --berth.agent.run-dir="$training/run" >"$BERTH_LOG_DIR/aot-training.log" 2>&1 || true
  rm -rf "$training"
fi
# A plain directory left by an older deploy/up.sh is moved aside; the switch itself is one rename.
[ -L "$dist" ] || { [ ! -e "$dist" ] || mv "$dist" "$dist_root/node-agent-before-links"; }
previous=$(readlink "$dist" 2>/dev/null || true)
ln -sfn "$(basename "$build")" "$dist.new" && mv -T "$dist.new" "$dist"
for old in "$dist_root"/node-agent-*; do
  [ "$old" = "$build" ] || [ "$(basename "$old")" = "$previous" ] || rm -rf "$old"
done

stop_stale_agents
ensure_internal_token
# The CLI below (and any started from this shell) reads the token from there.
export BERTH_INTERNAL_TOKEN_FILE
# A supervisor started from a directory since deleted (a checkout removed after its up.sh) hands that directory to
# every agent it starts, and a JVM cannot start without one; one started by an older up.sh starts agents without the
# internal token, which the services below now require. Either is stopped (SIGTERM leaves the containers running) and
# replaced by one started from / with today's command line.
if agent_running; then
  supervisor=$(cat "$SUPERVISOR_PID_FILE")
  outdated=""
  case $(tr '\0' ' ' <"/proc/$supervisor/cmdline" 2>/dev/null) in
    *"--berth.internal.token-file="*) ;;
    *) outdated="starts the agent without the internal token" ;;
  esac
  case $(readlink "/proc/$supervisor/cwd" 2>/dev/null) in
    *" (deleted)") outdated="runs in a deleted directory" ;;
  esac
  if [ -n "$outdated" ]; then
    say "the supervisor (pid $supervisor) $outdated; replacing it (containers keep running)"
    kill -TERM "$supervisor"
    i=0
    while kill -0 "$supervisor" 2>/dev/null; do
      i=$((i + 1))
      [ $i -lt 300 ] || die "the supervisor did not stop within 60 s of SIGTERM"
      sleep 0.2
    done
    rm -f "$SUPERVISOR_PID_FILE"
  fi
fi
if agent_running; then
  # The supervisor stays: SIGHUP makes it stop the agent and start it again, from the new copy. Containers keep
  # running, and exits meanwhile are recorded.
  supervisor=$(cat "$SUPERVISOR_PID_FILE")
  old_agent=$(pgrep -P "$supervisor" -f -- "-jar $dist/node-agent.jar" | head -n 1)
  say "restarting the node agent under its supervisor, pid $supervisor (containers keep running)"
  kill -HUP "$supervisor"
  i=0
  while [ -n "$old_agent" ] && kill -0 "$old_agent" 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 300 ] || die "the node agent did not stop within 60 s of SIGHUP; see $BERTH_LOG_DIR/node-agent.log"
    sleep 0.2
  done
else
  aot="-XX:AOTCache=$dist/node-agent.aot"
  [ -f "$dist/node-agent.aot" ] || aot=""
  say "starting the supervisor and the node agent on 127.0.0.1:$BERTH_AGENT_PORT (log: $BERTH_LOG_DIR/node-agent.log)"
  # The supervisor is the parent of the agent, and of every container once the agent is gone; setsid keeps it out
  # of this shell's session and job control. No nohup needed: SIGHUP is how a later deploy/up.sh restarts the agent,
  # and the supervisor handles it (and starts the agent with every signal at its default) even if it was ignored.
  # shellcheck disable=SC2086
  # From /: the supervisor and its agents outlive whatever directory this script was started from.
  cd /
  LANG=C.UTF-8 setsid "$dist/berth-supervisor" --exit-records "$EXIT_RECORDS_DIR" -- \
    "$JAVA_HOME/bin/java" $aot $AGENT_JAVA_OPTS -jar "$dist/node-agent.jar" \
    --server.port="$BERTH_AGENT_PORT" \
    --berth.agent.state-dir="$BERTH_STATE/agent" --berth.agent.run-dir="$BERTH_RUN" \
    --berth.agent.registry.default="127.0.0.1:$BERTH_REGISTRY_PORT" \
    --berth.agent.cluster.scheduler="http://127.0.0.1:$BERTH_SCHEDULER_PORT" \
    --berth.internal.token-file="$BERTH_INTERNAL_TOKEN_FILE" \
    >>"$BERTH_LOG_DIR/node-agent.log" 2>&1 &
  echo $! > "$SUPERVISOR_PID_FILE"
  cd "$BERTH_HOME"
fi
wait_for_agent

ensure_postgres
mkdir -p "$BERTH_STATE/registry"
start_service "the registry" registry-service "$REGISTRY_PID_FILE" "$BERTH_REGISTRY_PORT" "$REGISTRY_JAVA_OPTS" \
  --berth.registry.data-dir="$BERTH_STATE/registry" --berth.internal.token-file="$BERTH_INTERNAL_TOKEN_FILE"
# log-service: over the same PostgreSQL (schema logs).
start_service log-service log-service "$LOGS_PID_FILE" "$BERTH_LOGS_PORT" "$LOGS_JAVA_OPTS" \
  --berth.internal.token-file="$BERTH_INTERNAL_TOKEN_FILE"
# The scheduler: desired state of apps in the same PostgreSQL (schema scheduler). The agent above is its node (it
# registers once the scheduler answers, and retries until then); a supervisor of an earlier version of this script,
# whose agent knew neither, was replaced above.
start_service "the scheduler" scheduler "$SCHEDULER_PID_FILE" "$BERTH_SCHEDULER_PORT" "$SCHEDULER_JAVA_OPTS" \
  --berth.internal.token-file="$BERTH_INTERNAL_TOKEN_FILE"
# The gateway, in front of them all (schema gateway). Its first start writes the platform admin token.
start_service "the gateway" api-gateway "$GATEWAY_PID_FILE" "$BERTH_GATEWAY_PORT" "$GATEWAY_JAVA_OPTS" \
  --berth.gateway.bootstrap-token-file="$BERTH_ADMIN_TOKEN_FILE" \
  --berth.gateway.internal-token-file="$BERTH_INTERNAL_TOKEN_FILE" \
  --berth.gateway.upstreams.scheduler="http://127.0.0.1:$BERTH_SCHEDULER_PORT" \
  --berth.gateway.upstreams.logs="http://127.0.0.1:$BERTH_LOGS_PORT" \
  --berth.gateway.upstreams.registry="http://127.0.0.1:$BERTH_REGISTRY_PORT" \
  --berth.gateway.upstreams.agent="http://127.0.0.1:$BERTH_AGENT_PORT"

export BERTH_HOST="http://127.0.0.1:$BERTH_AGENT_PORT"
if ! bin/berth inspect busybox >/dev/null 2>&1; then
  say "making the busybox base image from Debian's busybox-static"
  tar=$(mktemp --suffix=.tar)
  deploy/busybox-rootfs.sh "$tar"
  bin/berth import --change 'CMD ["sh"]' "$tar" busybox:latest >/dev/null
  rm -f "$tar"
fi

bin/berth info
cat <<USAGE

Berth is running. Try:
  bin/berth run --rm busybox echo hello
  bin/berth run -d --name web -m 64m --cpus 0.5 busybox httpd -f -p 8080
  bin/berth ps ; bin/berth logs web ; bin/berth stats --no-stream ; bin/berth rm -f web
The registry serves the OCI Distribution API at http://127.0.0.1:$BERTH_REGISTRY_PORT/v2/; the agent pulls from it
and pushes to it by default:
  bin/berth push busybox ; bin/berth search busy ; bin/berth pull busybox
  skopeo copy --dest-tls-verify=false oci:DIR:TAG docker://127.0.0.1:$BERTH_REGISTRY_PORT/NAME:TAG
The API gateway is the public entry point, at http://127.0.0.1:$BERTH_GATEWAY_PORT/api/v1/ (docs: /api/docs).
The platform admin token is kept in $BERTH_ADMIN_TOKEN_FILE (mode 600):
  curl -H "Authorization: Bearer \$(cat $BERTH_ADMIN_TOKEN_FILE)" http://127.0.0.1:$BERTH_GATEWAY_PORT/api/v1/whoami
Stop it with deploy/down.sh (add --stop-containers to stop the containers too).
USAGE
