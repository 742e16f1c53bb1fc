#!/bin/sh
# Stops the API gateway, the node agent, its supervisor, the registry, log-service and the scheduler. Data (images, containers, logs, blobs) stays on disk, and
# PostgreSQL keeps running. Running containers keep running unless --stop-containers is given, which stops them
# through the API first. Containers left running are adopted by the next deploy/up.sh; an exit that happens while
# no supervisor runs is reported as unknown (255), since no parent of theirs was there to see it.
set -eu
. "$(dirname "$0")/lib.sh"
require_root
stop_containers=false
for arg in "$@"; do
  case "$arg" in
    --stop-containers) stop_containers=true ;;
    *) die "usage: deploy/down.sh [--stop-containers]" ;;
  esac
done
if gateway_running; then
  stop_gateway
  echo "gateway stopped"
fi
if scheduler_running; then
  stop_scheduler
  echo "scheduler stopped"
fi
if logs_running; then
  stop_logs
  echo "log-service stopped"
fi
if registry_running; then
  stop_registry
  echo "registry stopped"
fi
if ! agent_running; then
  echo "the node agent is not running"
  exit 0
fi
if $stop_containers; then
  find_java
  export BERTH_HOST="http://127.0.0.1:$BERTH_AGENT_PORT"
  ids=$("$BERTH_HOME/bin/berth" ps -q)
  # shellcheck disable=SC2086
  [ -z "$ids" ] || "$BERTH_HOME/bin/berth" stop $ids >/dev/null
fi
# SIGTERM to the supervisor: it passes it on to the agent, waits for it, and exits; containers are left alone.
stop_service "the supervisor" "$SUPERVISOR_PID_FILE"
echo "node agent stopped"
