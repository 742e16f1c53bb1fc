# Shared helpers of the benchmark: messages, the clock, samples, memory readings. Bash; sourced by run.sh.

say()  { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
note() { printf '    %s\n' "$*" >&2; }
die()  { printf 'bench: %s\n' "$*" >&2; exit 1; }

# --- the clock --------------------------------------------------------------------------------------------------
# $EPOCHREALTIME is read by the shell itself, so taking the time forks nothing and costs microseconds. run.sh sets
# LC_ALL=C, but a decimal comma is handled too.

# timed CMD...: runs CMD in this shell (redirections are the caller's) and leaves its wall time in ELAPSED_US and
# its exit status in RC.
timed() {
  local t0 t1
  t0=${EPOCHREALTIME/[.,]/}
  "$@"
  RC=$?
  t1=${EPOCHREALTIME/[.,]/}
  ELAPSED_US=$((t1 - t0))
}

us_to_ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
us_to_s()  { awk -v u="$1" 'BEGIN { printf "%.3f", u / 1000000 }'; }

# --- samples ----------------------------------------------------------------------------------------------------
# One line per measurement: figure, series, round, value, unit, ok (1, or 0 for a failed run, which the report counts
# but leaves out of the statistics), and a free-form detail.

sample() {
  local figure=$1 series=$2 round=$3 value=$4 unit=$5 ok=${6:-1} detail=${7:-}
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$figure" "$series" "$round" "$value" "$unit" "$ok" "$detail" >>"$SAMPLES"
}

# A timing just taken by `timed`, in ms (latencies) or s (totals).
sample_ms() { sample "$1" "$2" "$3" "$(us_to_ms "$ELAPSED_US")" ms "${4:-1}" "${5:-}"; }
sample_s()  { sample "$1" "$2" "$3" "$(us_to_s "$ELAPSED_US")" s "${4:-1}" "${5:-}"; }

# Facts about the machine and the software, for the report's header.
fact() { printf '%s\t%s\n' "$1" "$2" >>"$FACTS"; }

# Remarks the report prints under the tables: what was compared with what, and anything that went wrong.
remark() { printf '%s\n' "$*" >>"$REMARKS"; note "$*"; }

# --- memory -----------------------------------------------------------------------------------------------------
# RSS counts every page a process maps, shared ones (libraries, a JDK's CDS archive) included; PSS divides each
# shared page among the processes that map it, so PSS sums over many processes without double counting.

rss_kib() { awk '/^Rss:/ { print $2; exit }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
pss_kib() { awk '/^Pss:/ { print $2; exit }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
threads_of() { awk '/^Threads:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

kib_to_mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# per_container_mib BEFORE_KIB AFTER_KIB N: the growth shared out over N containers, in MiB.
per_container_mib() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.3f", (n > 0 ? (b - a) / 1024 / n : 0) }'; }

# PIDs whose executable name (the first word of the command line, without its directory) is $1.
pids_named() {
  ps -eo pid=,args= | awk -v want="$1" '{ n = $2; sub(".*/", "", n); if (n == want) print $1 }'
}

# Sum of PSS (KiB) over the given PIDs.
pss_sum_kib() {
  local total=0 pid
  for pid in "$@"; do total=$((total + $(pss_kib "$pid"))); done
  echo "$total"
}

# Every process descended from $1 (not $1 itself).
descendants_of() {
  ps -eo pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2 }
    END {
      for (p in parent) {
        q = parent[p]
        while (q != "" && q != 0 && q != 1 && q != root) q = parent[q]
        if (q == root) print p
      }
    }'
}

# The memory cgroup of a process, e.g. /berth/<id>: the v1 memory hierarchy's path, else the cgroup v2 path.
memory_cgroup_of() {
  awk -F: '$2 == "memory" { v1 = $3 } $1 == "0" && $2 == "" { v2 = $3 } END { if (v1 != "") print v1; else if (v2 != "") print v2 }' \
    "/proc/$1/cgroup" 2>/dev/null
}
