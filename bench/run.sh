#!/bin/bash
# Berth against its anchors (crun, Docker), side by side in one run. See bench/README.md.
#
#   bench/run.sh [--quick] [--parts run,many,logs,net,images,exec,durable,ship] [-n ITERATIONS] [--rounds-many N]
#                [--rounds-logs N] [--rounds-net N] [--rounds-images N] [--rounds-exec N] [--rounds-durable N]
#                [--rounds-ship N] [--count N] [--port PORT] [--work-dir DIR] [--keep-anchors] [--keep-state]
#
# Needs root. Installs crun and docker.io from Debian when missing, starts containerd and dockerd when they are not
# running, and starts a node agent of its own on 127.0.0.1:7790 (part net: a second one on 7796 for a while; part
# images: Berth's registry on 7798 and distribution on 7799; part durable: a supervised agent on 7800; part ship:
# log-service on 7797 and an agent that ships to it on 7801). Prints a Markdown report and keeps it in bench/results/.
set -u
export LC_ALL=C

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
# deploy/lib.sh finds the repository and the JDK the same way the deploy scripts do. It comes first, so that the
# benchmark's own say and die (which write to stderr, keeping stdout for the report) replace its.
. "$BENCH_DIR/../deploy/lib.sh"
. "$BENCH_DIR/lib/common.sh"
. "$BENCH_DIR/lib/setup.sh"
. "$BENCH_DIR/lib/parts.sh"
. "$BENCH_DIR/lib/images.sh"
. "$BENCH_DIR/lib/exec.sh"
. "$BENCH_DIR/lib/durable.sh"
. "$BENCH_DIR/lib/shipping.sh"

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
  cat <<'OPTIONS'
Options:
  --quick             a short trial: 3 rounds of figure 1, 1 round of figures 2-3, 1 round of figure 4,
                      1 round of figures 5-6, 1 round of figures 7-9
  --parts LIST        which parts, comma-separated (default run,many,logs,net,images,exec,durable,ship):
                        run   figure 1: run --rm busybox true (Berth API and CLI, crun, docker)
                        many  figures 2 and 3: COUNT detached starts, memory per container, removal
                        logs  figure 4: 50 MB to stdout, read back, bytes on disk
                        net   figures 5 and 6: launch to the first HTTP 200 from a published port;
                              256 MiB through a published port and straight to the container
                        images figures 7-9: skopeo copy into and out of Berth's registry and distribution;
                              commit of a 20 MB change; pull and unpack (Berth API, docker pull)
                        exec  figure 10: exec true into a running container (Berth API and CLI, crun exec,
                              docker exec)
                        durable figures 11-12: the supervisor's memory per running container (and conmon's,
                              where podman is installed); re-adoption of 20 containers after SIGKILL of the agent
                        ship  figures 13-14: 50 MB shipped to log-service (run, queryable, read back, disk) against
                              docker's json-file; 10 containers at once (lines/s, lag, CPU)
  -n, --iterations N  rounds of figure 1 (default 20)
  --rounds-many N     rounds of figures 2-3 (default 3)
  --rounds-logs N     rounds of figure 4 (default 5)
  --rounds-net N      rounds of figures 5-6 (default 10)
  --rounds-images N   rounds of figures 7-9 (default 5)
  --rounds-exec N     rounds of figure 10 (default 20)
  --rounds-durable N  rounds of figures 11-12 (default 3)
  --rounds-ship N     rounds of figures 13-14 (default 3)
  --count N           containers started in figures 2-3 (default 50)
  --port PORT         the benchmark agent's port (default 7790); part net also uses the six above it, part
                      images the eighth and ninth, part durable the tenth, part ship the seventh and eleventh
  --work-dir DIR      where the agent's state, bundles and logs go (default /tmp/berth-bench)
  --keep-anchors      leave dockerd/containerd running, the hugetlb mount and Docker's test image in place
  --keep-state        keep the benchmark agent's state directory after the run (part images: the
                      registries' blobs and schema, and the image, too)
OPTIONS
}

# --- options ----------------------------------------------------------------------------------------------------

ITERATIONS=20 ROUNDS_MANY=3 ROUNDS_LOGS=5 ROUNDS_NET=10 ROUNDS_IMAGES=5 ROUNDS_EXEC=20 ROUNDS_DURABLE=3 ROUNDS_SHIP=3 COUNT=50 PORT=7790 WORK=/tmp/berth-bench
PARTS=run,many,logs,net,images,exec,durable,ship KEEP_ANCHORS=false KEEP_STATE=false QUICK=false
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=true ITERATIONS=3 ROUNDS_MANY=1 ROUNDS_LOGS=1 ROUNDS_NET=1 ROUNDS_IMAGES=1 ROUNDS_EXEC=3 ROUNDS_DURABLE=1 ROUNDS_SHIP=1 ;;
    --parts) PARTS=${2:?--parts needs a list}; shift ;;
    -n|--iterations) ITERATIONS=${2:?}; shift ;;
    --rounds-many) ROUNDS_MANY=${2:?}; shift ;;
    --rounds-logs) ROUNDS_LOGS=${2:?}; shift ;;
    --rounds-net) ROUNDS_NET=${2:?}; shift ;;
    --rounds-images) ROUNDS_IMAGES=${2:?}; shift ;;
    --rounds-exec) ROUNDS_EXEC=${2:?}; shift ;;
    --rounds-durable) ROUNDS_DURABLE=${2:?}; shift ;;
    --rounds-ship) ROUNDS_SHIP=${2:?}; shift ;;
    --count) COUNT=${2:?}; shift ;;
    --port) PORT=${2:?}; shift ;;
    --work-dir) WORK=${2:?}; shift ;;
    --keep-anchors) KEEP_ANCHORS=true ;;
    --keep-state) KEEP_STATE=true ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
for part in ${PARTS//,/ }; do
  case $part in run|many|logs|net|images|exec|durable|ship) ;;
    *) die "unknown part '$part': expected run, many, logs, net, images, exec, durable or ship" ;; esac
done
[ "$PORT" != 7700 ] || die "port 7700 is the default agent's; the benchmark runs its own agent on another port"
case $PORT in *[!0-9]*|'') die "--port must be a number" ;; esac
[ "$PORT" -ge 1024 ] && [ "$PORT" -le 65000 ] || die "--port must be between 1024 and 65000"
case $WORK in /?*) ;; *) die "--work-dir must be an absolute path other than /" ;; esac

# --- settings ---------------------------------------------------------------------------------------------------

DOCKER=${DOCKER:-/usr/bin/docker}       # Debian's client; another (newer) one may come first on PATH
DOCKER_IMAGE=berth-bench/busybox:latest
BENCH_LABEL=berth-bench=1               # every Docker container the benchmark makes carries it
CRUN_PREFIX=berth-bench-                # every crun container's name starts with it
BERTH_CLI=$BERTH_HOME/bin/berth
API=http://127.0.0.1:$PORT
AGENT_STATE=$WORK/state AGENT_RUN=$WORK/run
# The agents' networks, as "BRIDGE SUBNET POOL TABLE": a bridge, subnets and an nftables table of their own, so that a
# user's agent (berth0, 10.89.0.0/16, pool 10.90.0.0/16, table berth) is never touched. Bridge names start with berth.
AGENT_NET="berthbench0 10.85.0.0/16 10.86.0.0/16 berth_bench"
# Part net's second agent, with the userspace proxy for published ports.
PROXY_PORT=$((PORT + 6)) PROXY_STATE=$WORK/proxy-state PROXY_RUN=$WORK/proxy-run
PROXY_API=http://127.0.0.1:$PROXY_PORT
PROXY_NET="berthbenchpx0 10.87.0.0/16 10.88.0.0/16 berth_benchpx"
# The host ports part net publishes on 127.0.0.1: figure 5 (Berth, Docker), figure 6 (Berth, Docker, the proxy agent).
NET_PORT_BERTH=$((PORT + 1)) NET_PORT_DOCKER=$((PORT + 2))
BIG_PORT_BERTH=$((PORT + 3)) BIG_PORT_DOCKER=$((PORT + 4)) BIG_PORT_PROXY=$((PORT + 5))
# Part images: Berth's registry and distribution, on 127.0.0.1. The agent is told Berth's is its default registry.
REGISTRY_PORT=$((PORT + 8)) DISTRIBUTION_PORT=$((PORT + 9))
AGENT_OPTIONS=()
case ,$PARTS, in
  *,images,*) BENCH_PACKAGES="$BENCH_PACKAGES $IMAGES_PACKAGES"
              AGENT_OPTIONS+=("--berth.agent.registry.default=127.0.0.1:$REGISTRY_PORT") ;;
esac
TMP=$WORK/tmp
LOG_LINE=0123456789012345678901234567890123456789
LOG_BYTES=50000000
WRITE_50MB="yes $LOG_LINE | head -c $LOG_BYTES"
SETTLE=${SETTLE:-1}                     # seconds to let exits and reaping finish before memory is read
IDLE_GAP=${IDLE_GAP:-0.2}               # seconds of idle before the "after idle" runs of figure 1 and each of figure 4
WARMUP_AGENT=10                         # warm-up runs of the agent's launch path before figure 1
WARMUP_MANY=5                           # containers per side in the warm-up of figures 2-3
SEQ=0
MOUNTED_HUGETLB=false STARTED_CONTAINERD=false STARTED_DOCKERD=false FORWARD_POLICY_BEFORE=
AGENT_PID= PROXY_PID=

STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS=$BENCH_DIR/results
SAMPLES=$WORK/$STAMP.samples.tsv FACTS=$WORK/$STAMP.facts.tsv REMARKS=$WORK/$STAMP.remarks.txt ERRORS=$WORK/errors.log

export BERTH_HOST=$API

# --- facts for the report ----------------------------------------------------------------------------------------

record_facts() {
  fact date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  fact kernel "$(uname -r)"
  fact os "$(. /etc/os-release && echo "$PRETTY_NAME")"
  fact cpus "$(nproc) × $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  fact memory "$(awk '/^MemTotal:/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo)"
  fact cgroups "$(curl -fsS "$API/v1/info" | jq -r '"\(.cgroupVersion) (Berth launch mode: \(.launchMode))"')"
  fact berth "$(berth_revision), agent $(curl -fsS "$API/v1/info" | jq -r .version)"
  fact java "$("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1) ($JAVA_HOME)"
  fact docker "$("$DOCKER" version -f 'client {{.Client.Version}}, server {{.Server.Version}}' 2>/dev/null); $("$DOCKER" info -f 'storage {{.Driver}}, cgroup driver {{.CgroupDriver}}, logging {{.LoggingDriver}}, runtime {{.DefaultRuntime}}' 2>/dev/null)"
  fact containerd "$(containerd --version 2>/dev/null | awk '{ print $3 }')"
  fact crun "$(crun --version | head -n 1)"
  fact options "iterations=$ITERATIONS rounds-many=$ROUNDS_MANY rounds-logs=$ROUNDS_LOGS rounds-net=$ROUNDS_NET rounds-images=$ROUNDS_IMAGES rounds-exec=$ROUNDS_EXEC rounds-durable=$ROUNDS_DURABLE rounds-ship=$ROUNDS_SHIP count=$COUNT parts=$PARTS quick=$QUICK idle-gap=${IDLE_GAP}s"
}

loadavg() { cut -d ' ' -f 1-3 /proc/loadavg; }

# The commit the jars were presumably built from, and whether the sources differ from it (read-only git commands).
berth_revision() {
  local rev
  rev=$(git -C "$BERTH_HOME" rev-parse --short HEAD 2>/dev/null) || { echo "unknown"; return; }
  if [ -n "$(git -C "$BERTH_HOME" --no-optional-locks status --porcelain -- node-agent cli 2>/dev/null)" ]; then
    rev="$rev, with uncommitted changes in node-agent or cli"
  fi
  echo "$rev"
}

# --- main -------------------------------------------------------------------------------------------------------

require_root
mkdir -p "$WORK" "$TMP" "$RESULTS"
: >"$SAMPLES"; : >"$FACTS"; : >"$REMARKS"; : >"$ERRORS"
cd "$WORK" || exit 1
# Before the setup adds load of its own: other work on the machine makes every figure noisier.
fact "load average before the run" "$(loadavg)"
trap cleanup EXIT
trap 'exit 130' INT TERM

# Part durable alone compares Berth with itself (and with podman where installed): crun and Docker are not needed.
ANCHORS=true
[ "$PARTS" = durable ] && ANCHORS=false
install_packages
find_java
build_berth
if $ANCHORS; then
  prepare_cgroups_for_crun
  start_docker
fi
make_rootfs
if $ANCHORS; then
  make_bundles
  docker_import
  crun_cleanup                 # what an interrupted run may have left
  docker_remove_containers
fi
start_agent
case ,$PARTS, in *,net,*) check_net_ports ;; esac
case ,$PARTS, in *,images,*) check_images_ports ;; esac
import_into_agent

record_facts
measure_idle_agent fresh
$ANCHORS && measure_idle_docker

for part in ${PARTS//,/ }; do
  case $part in
    run) part_run ;;
    many) part_many ;;
    logs) part_logs ;;
    net) part_net ;;
    images) part_images ;;
    exec) part_exec ;;
    durable) part_durable ;;
    ship) part_ship ;;
  esac
done

measure_idle_agent after
fact "load average at the end" "$(loadavg)"
[ -s "$ERRORS" ] && remark "error output of the commands measured (first lines): $(head -n 3 "$ERRORS" | cut -c1-200 | tr '\n' '|')"

REPORT=$RESULTS/$STAMP.md
/usr/bin/python3 "$BENCH_DIR/lib/report.py" "$SAMPLES" "$FACTS" "$REMARKS" >"$REPORT" || die "writing the report failed"
cp "$SAMPLES" "$RESULTS/$STAMP.samples.tsv" && rm -f "$SAMPLES" "$FACTS" "$REMARKS"
cat "$REPORT"
say "report: $REPORT (samples: $RESULTS/$STAMP.samples.tsv)"
