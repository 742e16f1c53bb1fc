#!/bin/sh
# Runs the networking integration tests again on a host where Docker runs, as Docker leaves it: the iptables FORWARD
# policy at DROP and br_netfilter loaded, so that even bridged traffic passes through iptables. Installs docker.io,
# starts containerd and dockerd if they are not running, and stops what it started. Part of deploy/test.sh.
set -eu
. "$(dirname "$0")/lib.sh"
require_root
ensure_packages docker.io containerd
find_java
cd "$BERTH_HOME"
LOG_DIR=${TMPDIR:-/tmp}/berth-docker-coexistence
mkdir -p "$LOG_DIR"
started=""
policy=$(iptables -S FORWARD 2>/dev/null | awk '$1 == "-P" { print $3 }')
cleanup() {
  for pid in $started; do
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  # dockerd leaves the FORWARD policy at DROP; put back what this host had.
  if [ -n "$policy" ]; then iptables -P FORWARD "$policy"; fi
}
trap cleanup EXIT INT TERM
wait_for() {
  for _ in $(seq 300); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  return 1
}
if ! ctr version >/dev/null 2>&1; then
  setsid containerd >"$LOG_DIR/containerd.log" 2>&1 </dev/null &
  started="$! $started"
  wait_for ctr version || die "containerd did not start; see $LOG_DIR/containerd.log"
fi
if ! docker info >/dev/null 2>&1; then
  setsid dockerd --containerd=/run/containerd/containerd.sock >"$LOG_DIR/dockerd.log" 2>&1 </dev/null &
  started="$! $started"
  wait_for docker info || die "dockerd did not start; see $LOG_DIR/dockerd.log"
fi
# What dockerd does when it starts; a dockerd that was already running may have had its policy changed since.
iptables -P FORWARD DROP
say "dockerd runs; FORWARD policy DROP; bridge-nf-call-iptables=$(cat /proc/sys/net/bridge/bridge-nf-call-iptables)"
mvn -B -q -pl node-agent verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='NetworkIT,NetworkRestartIT,*IsolationIT' -Dberth.it.docker=true "$@"
