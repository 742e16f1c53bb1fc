#!/usr/bin/env python3
"""Turns the samples of one benchmark run into a Markdown report: medians, ranges, ratios and the goals.

Usage: report.py SAMPLES.tsv FACTS.tsv REMARKS.txt   (written by bench/run.sh; see lib/common.sh for the format)
"""
import statistics
import sys
from collections import defaultdict

LOG_BYTES = 50_000_000
BIG_BYTES = 268_435_456


class Samples:
    """The samples of a run, by (figure, series)."""

    def __init__(self, path):
        self.ok = defaultdict(list)
        self.failed = defaultdict(int)
        self.details = defaultdict(list)
        with open(path) as f:
            for line in f:
                fields = line.rstrip("\n").split("\t")
                if len(fields) < 6:
                    continue
                figure, series, _round, value, _unit, ok = fields[:6]
                detail = fields[6] if len(fields) > 6 else ""
                key = (figure, series)
                try:
                    number = float(value)
                except ValueError:
                    ok = "0"
                    detail = f"unreadable value {value!r}; {detail}"
                if ok == "1":
                    self.ok[key].append(number)
                else:
                    self.failed[key] += 1
                if detail:
                    self.details[key].append(detail)

    def values(self, figure, series):
        return self.ok.get((figure, series), [])

    def median(self, figure, series):
        v = self.values(figure, series)
        return statistics.median(v) if v else None

    def has(self, figure, series):
        return (figure, series) in self.ok or (figure, series) in self.failed

    def count(self, figure, series):
        n, bad = len(self.values(figure, series)), self.failed.get((figure, series), 0)
        return f"{n}" if not bad else f"{n} (+{bad} failed)"


def fmt(x, digits=1):
    if x is None:
        return "–"
    return f"{x:.{digits}f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def row(*cells):
    return "| " + " | ".join(str(c) for c in cells) + " |"


def stats_cells(s, figure, series, digits):
    v = s.values(figure, series)
    if not v:
        return ["–", "–", "–"]
    return [fmt(statistics.median(v), digits), fmt(min(v), digits), fmt(max(v), digits)]


def read_facts(path):
    facts = []
    with open(path) as f:
        for line in f:
            if "\t" in line:
                k, v = line.rstrip("\n").split("\t", 1)
                facts.append((k, v))
    return facts


def idle_gap(facts):
    for k, v in facts:
        if k == "options":
            for word in v.split():
                if word.startswith("idle-gap="):
                    return word.split("=", 1)[1]
    return "a short"


def header(out, facts):
    out.append("# Berth against crun and Docker")
    out.append("")
    out.append("| fact | value |")
    out.append("|---|---|")
    for k, v in facts:
        out.append(row(k, v.replace("|", "/")))
    out.append("")
    out.append("Wall times of whole processes (curl, the CLI, crun, docker, skopeo), taken by the shell around each "
               "command (bash `$EPOCHREALTIME`, µs resolution). Berth and the anchors alternate round by round, and the order "
               "flips every round. Each side ran once as a warm-up before its first measured round (Docker's caches, "
               "the page cache), the agent's launch path 10 times (its JIT compiler); warm-ups are not counted. "
               "Medians, with min and max, over the measured rounds.")
    d = dict(facts)
    load, cpus = d.get("load average before the run", ""), d.get("cpus", "")
    try:
        if float(load.split()[0]) > 0.5 * int(cpus.split()[0]):
            out.append("")
            out.append(f"**The machine was busy before the run started (load {load} on {cpus.split()[0]} CPUs): "
                       "the figures are noisy.** Compare the ratios rather than the absolute times, and rerun on an "
                       "idle machine for figures to quote.")
    except (ValueError, IndexError):
        pass
    out.append("")


RUN_SIDES = [
    ("berth-api", "Berth via the API: one curl, `POST /v1/containers?start=true` (autoRemove) `--next` "
                  "`POST .../wait`"),
    ("api-floor", "for scale: one curl, `GET /v1/info`, i.e. curl's own start and one small request"),
    ("berth-cli", "`bin/berth run --rm --network none busybox true` (a JVM start, then the same API)"),
    ("crun", "`crun run` of an OCI bundle: pid/net/ipc/uts/mnt namespaces, cgroups; shared read-only rootfs "
             "directory, no overlay"),
    ("docker", "`docker run --rm busybox true` (default bridge network)"),
    ("docker-none", "`docker run --rm --network none busybox true` (no network, as Berth)"),
]
REGIMES = [("run-hot", "back to back"), ("run-idle", "after an idle gap")]


def figure_run(out, s, idle_gap):
    if not any(s.has(fig, "berth-api") for fig, _ in REGIMES):
        return
    out.append("## 1. `run --rm busybox true`")
    out.append("")
    out.append(f"Each side runs twice per round: first after {idle_gap} of idle, then again at once. On these VMs "
               "a command that follows an idle moment is much slower (CPU wake-up), for every side alike, so both "
               "regimes are shown.")
    out.append("")
    out.append(row("side", "what runs", "n", "back to back: median ms (min–max)", "Berth API ÷ this",
                   f"after {idle_gap} idle: median ms (min–max)", "Berth API ÷ this"))
    out.append("|---|---|---|---|---|---|---|")
    for series, what in RUN_SIDES:
        if not any(s.has(fig, series) for fig, _ in REGIMES):
            continue
        cells = [series, what, s.count("run-hot", series)]
        for fig, _ in REGIMES:
            med, lo, hi = stats_cells(s, fig, series, 1)
            cells.append(f"{med} ({lo}–{hi})")
            cells.append("" if series in ("berth-api", "api-floor")
                         else ratio(s.median(fig, "berth-api"), s.median(fig, series)))
        out.append(row(*cells))
    out.append("")
    hot, idle = s.median("agent", "launch-hot"), s.median("agent", "launch-idle")
    if hot is not None:
        out.append(f"Inside the agent, launching the container (its `berth.container.launch` timer: namespaces, "
                   f"rootfs, spawn) took {fmt(hot)} ms back to back and {fmt(idle)} ms after the idle gap (medians).")
        out.append("")


def figure_many(out, s):
    if not s.has("many", "berth"):
        return
    out.append("## 2. Sequential detached starts of `sleep 3600`, then removal")
    out.append("")
    out.append(row("side", "how", "rounds", "start all: median s", "min s", "max s", "per container ms",
                   "Berth ÷ this", "remove all: median s"))
    out.append("|---|---|---|---|---|---|---|---|---|")
    hows = {
        "berth": "one curl per container, `POST /v1/containers?start=true`; removal: one curl, `DELETE ?force=true` each",
        "crun": "`crun run -d` of the bundle each; removal: `crun delete -f` each",
        "docker": "`docker run -d --network none` each; removal: one `docker rm -f` of all",
    }
    berth = s.median("many", "berth")
    count = count_of(s)
    for series in ("berth", "crun", "docker"):
        if not s.has("many", series):
            continue
        m = s.median("many", series)
        per = None if m is None or not count else m * 1000 / count
        out.append(row(series, hows[series], s.count("many", series), *stats_cells(s, "many", series, 2), fmt(per, 1),
                       "" if series == "berth" else ratio(berth, m), fmt(s.median("many-remove", series), 2)))
    out.append("")
    request, launch = s.median("agent", "many-request-mean"), s.median("agent", "many-launch-mean")
    if request is not None:
        out.append(f"Inside the agent, each `POST /v1/containers?start=true` took {fmt(request)} ms on average "
                   f"(its `http.server.requests` timer), of which launching took {fmt(launch)} ms (median of the "
                   f"rounds' means); the rest of the wall time per container is curl's start and the connection.")
        out.append("")


def count_of(s):
    for detail in s.details.get(("many", "berth"), []):
        try:
            return int(detail.split()[0])
        except (ValueError, IndexError):
            pass
    return None


def figure_mem(out, s):
    out.append("## 3. Memory")
    out.append("")
    out.append(row("what", "median", "min", "max", "unit", "notes"))
    out.append("|---|---|---|---|---|---|")

    def line(series, what, unit, notes="", digits=1):
        if s.has("mem", series):
            out.append(row(what, *stats_cells(s, "mem", series, digits), unit, notes))

    line("agent-idle-rss-fresh", "Berth agent idle, no containers, just started: RSS", "MiB")
    line("agent-idle-pss-fresh", "Berth agent idle, just started: PSS", "MiB")
    line("agent-idle-rss-after", "Berth agent idle, no containers, after the benchmark: RSS", "MiB")
    line("agent-idle-pss-after", "Berth agent idle, after the benchmark: PSS", "MiB")
    line("agent-idle-threads-after", "Berth agent threads, idle after the benchmark", "threads", digits=0)
    n = count_of(s)
    each = f"{n}" if n else "N"
    line("agent-rss-per-container", f"Berth: agent RSS growth with {each} running ÷ {each}", "MiB",
         "; ".join(s.details.get(("mem", "agent-rss-per-container"), [])[:3]), digits=3)
    line("agent-pss-per-container", f"Berth: agent PSS growth with {each} running ÷ {each}", "MiB",
         "; ".join(s.details.get(("mem", "agent-pss-per-container"), [])[:3]), digits=3)
    line("agent-threads-added", f"Berth: agent threads added by {each} running", "threads", digits=0)
    line("berth-container-processes", "Berth: containers' own processes (children of the agent, in /berth/<id>)",
         "processes", digits=0)
    helpers = [d for d in s.details.get(("mem", "berth-helper-processes"), []) if d]
    line("berth-helper-processes", "Berth: other processes (shims, monitors, per-container JVMs)", "processes",
         ("found: " + "; ".join(helpers[:3])) if helpers else "none", digits=0)
    line("berth-helper-pss-per-container", "Berth: their PSS ÷ containers", "MiB", digits=3)
    line("docker-shim-processes", f"Docker: containerd-shim-runc-v2 processes added by {each} running", "processes",
         digits=0)
    line("docker-shim-pss-per-container", "Docker: shim PSS per running container", "MiB",
         "; ".join(s.details.get(("mem", "docker-shim-pss-per-container"), [])[:3]), digits=3)
    line("docker-daemons-pss-per-container", "Docker: dockerd + containerd PSS growth per running container", "MiB",
         "; ".join(s.details.get(("mem", "docker-daemons-pss-per-container"), [])[:3]), digits=3)
    line("docker-idle-pss", "Docker idle daemons (dockerd + containerd): PSS", "MiB",
         "; ".join(s.details.get(("mem", "docker-idle-pss"), [])[:1]))
    line("crun-helper-processes", "crun: processes left besides the containers'", "processes", digits=0)
    out.append(row("Podman: conmon per running container (not measured here)", "0.36", "", "", "MiB PSS",
                   "quoted from the anchors' measurements on one of these machines (RSS 1.9 MiB each)"))
    out.append("")


def figure_logs(out, s):
    if not any(s.has("logs-write", x) for x in ("berth-cli", "berth-api", "docker", "crun-file")):
        return
    out.append("## 4. A container writes 50 MB of 41-byte lines to stdout")
    out.append("")
    out.append("`yes 0123456789012345678901234567890123456789 | head -c 50000000` in busybox.")
    out.append("")
    out.append(row("step", "side", "how", "n", "median s", "min s", "max s", "Berth CLI ÷ this"))
    out.append("|---|---|---|---|---|---|---|---|")
    writes = [
        ("berth-cli", "`bin/berth run --name N --network none busybox sh -c '…' > /dev/null` (attached)"),
        ("berth-api", "one curl: `POST /v1/containers?start=true` `--next` `POST .../wait`"),
        ("docker", "`docker run --network none busybox sh -c '…' > /dev/null` (attached, json-file)"),
        ("crun-file", "`crun run` with stdout straight into a file: the floor"),
    ]
    cli = s.median("logs-write", "berth-cli")
    for series, how in writes:
        if s.has("logs-write", series):
            out.append(row("write", series, how, s.count("logs-write", series),
                           *stats_cells(s, "logs-write", series, 2),
                           "" if series == "berth-cli" else ratio(cli, s.median("logs-write", series))))
    reads = [
        ("berth-cli", "`bin/berth logs N | wc -c`"),
        ("berth-api", "`curl …/logs?stderr=false | wc -c` (framed: an 8-byte header per frame)"),
        ("docker", "`docker logs N | wc -c`"),
    ]
    cli = s.median("logs-read", "berth-cli")
    for series, how in reads:
        if s.has("logs-read", series):
            out.append(row("read", series, how, s.count("logs-read", series), *stats_cells(s, "logs-read", series, 2),
                           "" if series == "berth-cli" else ratio(cli, s.median("logs-read", series))))
    out.append("")
    out.append(row("check", "side", "value", "notes"))
    out.append("|---|---|---|---|")
    for series in ("berth-cli", "docker"):
        if s.has("logs-bytes", series):
            got = sorted(set(int(v) for v in s.values("logs-bytes", series)))
            bad = s.failed.get(("logs-bytes", series), 0)
            wrong = [d for d in s.details.get(("logs-read", series), []) if not d.startswith(f"{LOG_BYTES} ")]
            verdict = "exact" if not bad and got == [LOG_BYTES] else f"WRONG in {bad} rounds: {'; '.join(wrong[:3])}"
            out.append(row("bytes read back", series, ", ".join(map(str, got)) or "–", f"expected {LOG_BYTES}: {verdict}"))
    if s.has("logs-read", "berth-api"):
        out.append(row("bytes read back", "berth-api", "; ".join(sorted(set(s.details[("logs-read", "berth-api")]))[:2]),
                       "framed stream, so more than the payload"))
    notes = {"berth": "stdout.log + stdout.idx + stderr.log + stderr.idx", "docker": "json-file"}
    for series in ("berth", "docker"):
        if s.has("logs-disk", series):
            m = s.median("logs-disk", series)
            value = "–" if m is None else f"{m:,.0f} bytes ({m / LOG_BYTES:.4f}× the payload)"
            out.append(row("log bytes on disk per 50 MB", series, value, notes[series]))
    out.append("")


NET_LAUNCH_SIDES = [
    ("berth-api", "one curl: `POST /v1/containers?start=true` with `ports`, `--next` `GET` the page (then the poll, if needed)"),
    ("berth-cli", "`bin/berth run -d -p 127.0.0.1:PORT:80 busybox httpd …`, then the poll"),
    ("docker", "`docker run -d -p 127.0.0.1:PORT:80 busybox httpd …` (default bridge, docker-proxy), then the poll"),
]


def figure_net_launch(out, s, idle_gap):
    if not any(s.has("net-launch", side) for side, _ in NET_LAUNCH_SIDES):
        return
    out.append("## 5. Launch to the first HTTP 200 from a published port")
    out.append("")
    out.append("A container running busybox `httpd -f -p 80 -h /var/www`, with port 80 published on 127.0.0.1; the "
               "time from just before the create to the first `200` of `curl http://127.0.0.1:PORT/`, tried 2 ms "
               "apart (a curl process each) from the moment the create command returned, so the figure includes one "
               f"curl's own start and request at least. Each run after {idle_gap} of idle; the removal is not timed.")
    out.append("")
    out.append(row("side", "how", "n", "to the first 200: median ms (min–max)", "of which the create: median ms",
                   "tries: median (max)", "Berth API ÷ this"))
    out.append("|---|---|---|---|---|---|---|")
    api = s.median("net-launch", "berth-api")
    for series, how in NET_LAUNCH_SIDES:
        if not s.has("net-launch", series):
            continue
        med, lo, hi = stats_cells(s, "net-launch", series, 1)
        tries = s.values("net-launch-tries", series)
        out.append(row(series, how, s.count("net-launch", series), f"{med} ({lo}–{hi})",
                       fmt(s.median("net-launch-create", series)),
                       f"{fmt(statistics.median(tries), 0)} ({fmt(max(tries), 0)})" if tries else "–",
                       "" if series == "berth-api" else ratio(api, s.median("net-launch", series))))
    out.append("")


NET_RATE_SERIES = [
    ("berth-published", "Berth", "published port on 127.0.0.1: kernel NAT (nftables, the default)"),
    ("berth-direct", "Berth", "the container's address on the bridge"),
    ("berth-proxy-published", "Berth", "published port on 127.0.0.1, a second agent with "
                                       "`port-driver=userspace-proxy`: the agent's Java proxy"),
    ("docker-published", "Docker", "published port on 127.0.0.1: docker-proxy, Docker's userland proxy"),
    ("docker-direct", "Docker", "the container's address on docker0"),
]
# Each published series and the direct one it is compared with: the proxy agent's container sits on another bridge of
# the same kind, so Berth's direct series stands for it.
NET_RATE_DIRECT = {"berth-published": "berth-direct", "berth-proxy-published": "berth-direct",
                   "docker-published": "docker-direct"}


def figure_net_rate(out, s):
    if not any(s.has("net-rate", series) for series, _, _ in NET_RATE_SERIES):
        return
    out.append("## 6. 256 MiB through a published port, and straight to the container")
    out.append("")
    out.append("One long-lived container per side serves a 268435456-byte file with busybox httpd; "
               "`curl -s -o /dev/null -w '%{size_download} %{time_total}'` fetches it, and the rate is "
               "bytes ÷ `time_total` (MB = 10⁶ bytes). The series take turns within each round, in an order that "
               "flips every round.")
    out.append("")
    out.append(row("series", "side", "path", "n", "median MB/s (min–max)", "published ÷ direct"))
    out.append("|---|---|---|---|---|---|")
    for series, side, path in NET_RATE_SERIES:
        if not s.has("net-rate", series):
            continue
        med, lo, hi = stats_cells(s, "net-rate", series, 0)
        direct = NET_RATE_DIRECT.get(series)
        out.append(row(series, side, path, s.count("net-rate", series), f"{med} ({lo}–{hi})",
                       ratio(s.median("net-rate", series), s.median("net-rate", direct)) if direct else ""))
    out.append("")
    bad = sum(s.failed.get(("net-rate", series), 0) for series, _, _ in NET_RATE_SERIES)
    wrong = [d for series, _, _ in NET_RATE_SERIES for d in s.details.get(("net-rate", series), [])
             if not d.startswith(f"{BIG_BYTES} bytes")]
    out.append(f"Bytes received: {'exactly 268435456 in every transfer' if not bad and not wrong else f'**WRONG** in {bad} transfers: ' + '; '.join(wrong[:3])}.")
    out.append("")


REGISTRY_SIDES = [
    ("berth-registry", "Berth's registry-service"),
    ("distribution", "distribution 2.8 (Debian's `docker-registry`)"),
]
REGISTRY_STEPS = [("registry-push", "push"), ("registry-pull", "pull")]


def failures(out, s, figure, series_list):
    """Says what went wrong in the failed rounds of these series, if any did."""
    for series in series_list:
        bad = s.failed.get((figure, series), 0)
        if bad:
            said = "; ".join(sorted(set(d for d in s.details.get((figure, series), []) if d))[:2])
            out.append(f"- {series}: {bad} failed: {said or 'no detail'}")


def figure_registry(out, s):
    if not any(s.has(fig, series) for fig, _ in REGISTRY_STEPS for series, _ in REGISTRY_SIDES):
        return
    out.append("## 7. `skopeo copy` of an image with one 50 MB layer, into a registry and back out")
    out.append("")
    out.append("The image: an OCI layout written once per run, with one gzip layer holding 50000000 random bytes (so "
               "it does not compress), its config and manifest. Push: from the layout into the registry; pull: back "
               "out into a fresh OCI layout directory: `skopeo copy --dest-tls-verify=false oci:LAYOUT:latest "
               "docker://127.0.0.1:PORT/bench/big:latest` and `skopeo copy --src-tls-verify=false "
               "docker://127.0.0.1:PORT/bench/big:latest oci:DIR:latest`. A push counts only if it reports the "
               "layout's manifest digest and the repository held none of the blobs before it (after each round the "
               "manifest and both blobs are deleted and a `HEAD` checks they are gone); a pull only if the manifest "
               "it wrote is the one pushed. Each round pushes then pulls on one registry, then on the other, after "
               "untimed warm-up rounds on each (`REGISTRY_WARMUPS`, 10 by default: both are long-running services, "
               "and Berth's JVM reaches its steady speed only once its JIT has compiled the request path; the first "
               "round's times are in the notes). Berth's "
               "registry is an instance of its own (PostgreSQL schema `registry_bench`), distribution runs with "
               "filesystem storage; both keep their blobs in the work dir.")
    out.append("")
    out.append(row("step", "registry", "n", "median s", "min s", "max s", "Berth ÷ this"))
    out.append("|---|---|---|---|---|---|---|")
    for fig, step in REGISTRY_STEPS:
        berth = s.median(fig, "berth-registry")
        for series, what in REGISTRY_SIDES:
            if s.has(fig, series):
                out.append(row(step, what, s.count(fig, series), *stats_cells(s, fig, series, 3),
                               "" if series == "berth-registry" else ratio(berth, s.median(fig, series))))
    out.append("")
    lines = []
    for fig, _ in REGISTRY_STEPS:
        failures(lines, s, fig, [series for series, _ in REGISTRY_SIDES])
    if lines:
        out.append("Failed rounds:")
        out.append("")
        out.extend(lines)
        out.append("")


COMMIT_SIDES = [
    ("berth-api", "one curl: `POST /v1/containers/NAME/commit?repo=bench/committed&tag=rN` (the cgroup frozen while "
                  "the layer is read)"),
    ("docker", "`docker commit NAME berth-bench/committed:rN` (the container paused meanwhile)"),
]


def figure_commit(out, s):
    if not any(s.has("commit", series) for series, _ in COMMIT_SIDES):
        return
    out.append("## 8. Commit of a running container's 20 MB change")
    out.append("")
    out.append("One busybox container per side runs `sh -c 'mkdir -p /data && head -c 20971520 /dev/urandom > "
               "/data/blob && sleep 1000'` (no network) for the whole figure; every round commits it once, after the "
               "file is complete. The new image is removed after each round, untimed, so that every commit makes "
               "its layer anew.")
    out.append("")
    out.append(row("side", "how", "n", "median s", "min s", "max s", "image size: median bytes", "Berth ÷ this"))
    out.append("|---|---|---|---|---|---|---|---|")
    berth = s.median("commit", "berth-api")
    for series, how in COMMIT_SIDES:
        if s.has("commit", series):
            size = s.median("commit-size", series)
            out.append(row(series, how, s.count("commit", series), *stats_cells(s, "commit", series, 3),
                           "–" if size is None else f"{size:,.0f}",
                           "" if series == "berth-api" else ratio(berth, s.median("commit", series))))
    out.append("")
    lines = []
    failures(lines, s, "commit", [series for series, _ in COMMIT_SIDES])
    if lines:
        out.append("Failed rounds:")
        out.append("")
        out.extend(lines)
        out.append("")


PULL_SOURCES = [("distribution", "distribution"), ("berth", "Berth's registry")]
PULL_HOWS = {
    "berth-api-from-distribution": "one curl: `POST /v1/images/pull?reference=127.0.0.1:PORT/bench/pull:latest`",
    "docker-from-distribution": "`docker pull 127.0.0.1:PORT/bench/pull:latest`",
    "berth-api-from-berth": "one curl: `POST /v1/images/pull?reference=bench/pull:latest` (the agent's default "
                            "registry)",
    "docker-from-berth": "`docker pull 127.0.0.1:PORT/bench/pull:latest`",
}


def figure_pull(out, s):
    if not any(s.has("pull", series) for series in PULL_HOWS):
        return
    out.append("## 9. Pull and unpack of the 50 MB-layer image")
    out.append("")
    out.append("The image of figure 7, in both registries as `bench/pull:latest`. Each side pulls it and unpacks its "
               "layer into its local store; it counts only if it ends with the image's manifest digest (the agent's "
               "last line of progress, `docker pull`'s `Digest:`). The image is removed after each round, untimed, "
               "so that each pull starts without it (Berth: `DELETE /v1/images/REF`, Docker: `docker rmi`).")
    out.append("")
    out.append(row("from", "side", "how", "n", "median s", "min s", "max s", "Berth ÷ docker"))
    out.append("|---|---|---|---|---|---|---|---|")
    for source, name in PULL_SOURCES:
        berth, docker = f"berth-api-from-{source}", f"docker-from-{source}"
        for series in (berth, docker):
            if s.has("pull", series):
                out.append(row(name, series, PULL_HOWS[series], s.count("pull", series),
                               *stats_cells(s, "pull", series, 3),
                               ratio(s.median("pull", berth), s.median("pull", docker)) if series == docker else ""))
    out.append("")
    lines = []
    failures(lines, s, "pull", list(PULL_HOWS))
    if lines:
        out.append("Failed rounds:")
        out.append("")
        out.extend(lines)
        out.append("")


def image_goals(s):
    """The goals of figures 7-9, as rows of the goals table."""
    rows = []

    def goal(name, berth_series, anchor_series, figure, target):
        if not s.has(figure, berth_series):
            return
        berth, anchor = s.median(figure, berth_series), s.median(figure, anchor_series)
        passed = None if anchor is None else (berth is not None and berth <= target * anchor)
        verdict = "–" if passed is None else ("pass" if passed else "**FAIL**")
        measured = ratio(berth, anchor) if berth is not None else f"no run of {berth_series} succeeded"
        rows.append(row(name, measured, f"≤ {target:.1f}×", verdict, f"{fmt(berth, 3)} s vs {fmt(anchor, 3)} s"))

    goal("skopeo push of a 50 MB layer: Berth's registry vs distribution", "berth-registry", "distribution",
         "registry-push", 1.0)
    goal("skopeo pull of a 50 MB layer: Berth's registry vs distribution", "berth-registry", "distribution",
         "registry-pull", 1.0)
    goal("commit of a 20 MB change: Berth API vs docker commit", "berth-api", "docker", "commit", 0.7)
    goal("pull and unpack from distribution: Berth API vs docker pull", "berth-api-from-distribution",
         "docker-from-distribution", "pull", 1.0)
    goal("pull and unpack from Berth's registry: Berth API vs docker pull", "berth-api-from-berth",
         "docker-from-berth", "pull", 1.0)
    return rows


def goals(out, s):
    rows = []

    def goal(name, measured, target, passed, how):
        verdict = "–" if passed is None else ("pass" if passed else "**FAIL**")
        rows.append(row(name, measured, target, verdict, how))

    for fig, regime in REGIMES:
        api, crun = s.median(fig, "berth-api"), s.median(fig, "crun")
        docker, docker_none = s.median(fig, "docker"), s.median(fig, "docker-none")
        if api is None:
            continue
        goal(f"run --rm true, {regime}: Berth API vs crun", ratio(api, crun), "≤ 2×",
             None if crun is None else api <= 2 * crun, f"{fmt(api)} ms vs {fmt(crun)} ms")
        goal(f"run --rm true, {regime}: Berth API vs docker", ratio(api, docker), "≤ 0.1×",
             None if docker is None else api <= 0.1 * docker, f"{fmt(api)} ms vs {fmt(docker)} ms")
        goal(f"run --rm true, {regime}: Berth API vs docker --network none", ratio(api, docker_none), "≤ 0.1×",
             None if docker_none is None else api <= 0.1 * docker_none,
             f"{fmt(api)} ms vs {fmt(docker_none)} ms (like for like: both without a network)")
    many = s.median("many", "berth")
    if many is not None:
        goal(f"{count_of(s) or 50} detached starts, Berth", f"{fmt(many, 2)} s", "≤ 2 s", many <= 2.0,
             "median of the rounds' totals")
    rss, pss = s.median("mem", "agent-rss-per-container"), s.median("mem", "agent-pss-per-container")
    helper = s.median("mem", "berth-helper-pss-per-container") or 0.0
    if rss is not None and pss is not None:
        per = max(rss, pss) + helper
        goal("memory per running container, Berth", f"{fmt(per, 3)} MiB", "≤ 0.3 MiB", per <= 0.3,
             f"max(agent RSS, PSS growth) ÷ containers + helpers' PSS ({fmt(helper, 3)} MiB)")
    write_cli, write_api = s.median("logs-write", "berth-cli"), s.median("logs-write", "berth-api")
    if write_cli is not None:
        goal("write 50 MB to stdout, Berth CLI attached", f"{fmt(write_cli, 2)} s", "≤ 1.0 s", write_cli <= 1.0,
             "includes the CLI's JVM start")
    if write_api is not None:
        goal("write 50 MB to stdout, Berth API create+start+wait", f"{fmt(write_api, 2)} s", "≤ 1.0 s",
             write_api <= 1.0, "")
    read_cli = s.median("logs-read", "berth-cli")
    if read_cli is not None or s.failed.get(("logs-read", "berth-cli")):
        exact = not s.failed.get(("logs-bytes", "berth-cli")) and bool(s.values("logs-bytes", "berth-cli"))
        goal("read 50 MB back, `berth logs | wc -c`", f"{fmt(read_cli, 2)} s", "≤ 2 s, exactly 50000000 bytes",
             read_cli is not None and read_cli <= 2.0 and exact, "bytes exact" if exact else "**bytes wrong**")
    api, docker = s.median("net-launch", "berth-api"), s.median("net-launch", "docker")
    if api is not None:
        goal("launch to the first HTTP 200 from a published port: Berth API vs docker", ratio(api, docker), "≤ 0.1×",
             None if docker is None else api <= 0.1 * docker, f"{fmt(api)} ms vs {fmt(docker)} ms")
    published, direct = s.median("net-rate", "berth-published"), s.median("net-rate", "berth-direct")
    if published is not None and direct is not None:
        goal("256 MiB through a published port, Berth: published ÷ direct", ratio(published, direct), "≥ 0.8×",
             published >= 0.8 * direct, f"{fmt(published, 0)} MB/s vs {fmt(direct, 0)} MB/s (kernel NAT)")
    rows.extend(image_goals(s))
    exec_api, exec_crun = s.median("exec", "berth-api"), s.median("exec", "crun")
    if exec_api is not None and exec_crun is not None:
        goal("exec into a running container: Berth API vs crun exec", ratio(exec_api, exec_crun), "≤ 2×",
             exec_api <= 2 * exec_crun, f"{fmt(exec_api, 2)} ms vs {fmt(exec_crun, 2)} ms")
    supervisor = s.median("durable", "supervisor-pss-per-container")
    growth = s.median("durable", "agent-pss-growth-per-container")
    if supervisor is not None and growth is not None:
        per, conmon = supervisor + growth, s.median("durable", "podman-conmon-pss-per-container")
        goal("memory per running container under the supervisor, Berth", f"{fmt(per, 3)} MiB", "≤ 0.3 MiB",
             per <= 0.3, f"supervisor PSS ÷ containers ({fmt(supervisor, 3)}) + agent PSS growth per container "
             f"({fmt(growth, 3)}); Podman's conmon: {fmt(conmon, 3) if conmon is not None else '0.36 (quoted)'} MiB")
    run, docker_run = s.median("ship-run", "berth-cli"), s.median("ship-run", "docker")
    if run is not None:
        goal("50 MB to stdout, shipped to log-service: until `berth run` exits", f"{fmt(run, 2)} s", "≤ 1.0 s",
             run <= 1.0, f"docker: {fmt(docker_run, 2)} s")
    read, docker_read = s.median("ship-read", "berth-cli"), s.median("ship-read", "docker")
    read_api = s.median("ship-read", "berth-api")
    if read is not None:
        worst = max(read, read_api or 0)
        goal("read 50 MB back from log-service (CLI and API)", f"{fmt(read, 2)} s / {fmt(read_api, 2)} s", "≤ 2 s",
             worst <= 2.0 and not s.failed.get(("ship-read", "berth-cli")),
             f"docker logs: {fmt(docker_read, 2)} s")
    disk = s.median("ship-disk", "berth")
    if disk is not None:
        goal("log-service bytes on disk ÷ payload", f"{disk / LOG_BYTES:.3f}×", "≤ 1.3×", disk <= 1.3 * LOG_BYTES,
             f"json-file: {fmt((s.median('ship-disk', 'docker') or 0) / LOG_BYTES, 2)}×; a repeated line compresses")
    if not rows:
        return
    out.append("## Goals")
    out.append("")
    out.append(row("goal", "measured (medians)", "target", "result", "how"))
    out.append("|---|---|---|---|---|")
    out.extend(rows)
    out.append("")


EXEC_SIDES = [
    ("berth-api", "POST /v1/containers/NAME/exec?wait=true over one kept-alive connection (curl's time_total)"),
    ("berth-api-1", "the same call as one curl process"),
    ("berth-cli", "`bin/berth exec NAME true` (a JVM start included)"),
    ("crun", "`crun exec NAME true`"),
    ("docker", "`docker exec NAME true`"),
]


def figure_exec(out, s):
    if not s.has("exec", "berth-api"):
        return
    out.append("## 10. `exec` into a running container")
    out.append("")
    out.append("`true` exec'd into a running `sleep` container of each side, the sides alternating round by round. "
               "Berth's exec joins the container's namespaces from a fresh thread of the agent (setns through a "
               "pidfd), joins its cgroup at a start gate, and is reaped by the agent; the API call returns once the "
               "process has exited.")
    out.append("")
    out.append(row("side", "what runs", "n", "median ms (min–max)", "Berth API ÷ this"))
    out.append("|---|---|---|---|---|")
    for series, what in EXEC_SIDES:
        if not s.has("exec", series):
            continue
        med, lo, hi = stats_cells(s, "exec", series, 2)
        out.append(row(series, what, s.count("exec", series), f"{med} ({lo}–{hi})",
                       "" if series == "berth-api" else ratio(s.median("exec", "berth-api"), s.median("exec", series))))
    out.append("")
    failures(out, s, "exec", [series for series, _ in EXEC_SIDES])


def figure_durable(out, s):
    if not any(s.has("durable", x) for x in ("supervisor-pss", "readopt")):
        return
    n = count_of(s) or int(s.median("durable", "containers") or 0) or "N"
    out.append("## 11. Memory that lets containers outlive the agent")
    out.append("")
    out.append(f"{n} detached `sleep` containers under a supervised agent. Their stdio costs nothing (they append "
               "to files themselves), so the only helper is the node's one supervisor, shared by all of them.")
    out.append("")
    out.append(row("what", "median", "min", "max", "unit", "notes"))
    out.append("|---|---|---|---|---|---|")

    def line(series, what, unit, digits=3, notes=None):
        if s.has("durable", series):
            said = notes if notes is not None else "; ".join(s.details.get(("durable", series), [])[:2])
            out.append(row(what, *stats_cells(s, "durable", series, digits), unit, said))

    line("supervisor-pss", f"supervisor PSS with {n} running", "MiB", 1)
    line("supervisor-pss-per-container", f"Berth: supervisor PSS ÷ {n} (+ 0 per-container helpers)", "MiB")
    line("agent-pss-growth-per-container", "Berth: agent PSS growth per container (for comparison)", "MiB")
    if s.has("durable", "podman-conmon-pss-per-container"):
        line("podman-conmon-pss-per-container", "Podman: conmon PSS per running container", "MiB")
    else:
        out.append(row("Podman: conmon per running container (not measured here)", "0.36", "", "", "MiB PSS",
                       "quoted from the anchors' measurements on one of these machines"))
    out.append(row("Docker: containerd-shim per running container (anchor)", "2.6", "", "", "MiB", "quoted"))
    out.append("")
    out.append("## 12. Re-adoption after SIGKILL of the agent")
    out.append("")
    out.append(row("what", "median", "min", "max", "unit", "notes"))
    out.append("|---|---|---|---|---|---|")
    line("readopt", "from SIGKILL to the new agent listing every container running (20)", "s", 2)
    out.append("")


SHIP_SIDES = {
    "ship-run": [
        ("berth-cli", "`berth run --name N --network none busybox sh -c '…' > /dev/null`, the agent shipping to "
                      "log-service"),
        ("docker", "`docker run --network none busybox sh -c '…' > /dev/null` (json-file)"),
    ],
    "ship-read": [
        ("berth-cli", "`berth logs N | wc -c`: from log-service, stdout and stderr in frames"),
        ("berth-api", "`curl -H 'Accept: text/plain' log-service/api/v1/logs?… | wc -c`"),
        ("docker", "`docker logs N | wc -c`"),
    ],
}


def figure_ship(out, s):
    if not any(s.has("ship-run", x) for x in ("berth-cli", "docker")):
        return
    out.append("## 13. 50 MB of 41-byte lines shipped to log-service")
    out.append("")
    out.append("Figure 4's workload on a node agent that ships its containers' output to log-service (PostgreSQL), "
               "against Docker's json-file.")
    out.append("")
    out.append(row("step", "side", "how", "n", "median s", "min s", "max s", "Berth ÷ this"))
    out.append("|---|---|---|---|---|---|---|---|")
    for figure, step in (("ship-run", "run until it exits"), ("ship-read", "read it all back")):
        first = s.median(figure, "berth-cli")
        for series, how in SHIP_SIDES[figure]:
            if s.has(figure, series):
                out.append(row(step, series, how, s.count(figure, series), *stats_cells(s, figure, series, 2),
                               "" if series == "berth-cli" else ratio(first, s.median(figure, series))))
        if figure == "ship-run" and s.has("ship-queryable", "berth"):
            out.append(row("queryable", "berth", "from the run's start until the agent's inspect says log-service "
                           "holds every byte", s.count("ship-queryable", "berth"),
                           *stats_cells(s, "ship-queryable", "berth", 2), ""))
    out.append("")
    out.append(row("check", "side", "value", "notes"))
    out.append("|---|---|---|---|")
    for series in ("berth-cli", "berth-api", "docker"):
        bad = s.failed.get(("ship-read", series), 0)
        if s.has("ship-read", series):
            got = sorted(set(d.split(" ")[0] for d in s.details.get(("ship-read", series), [])))
            out.append(row("bytes read back", series, ", ".join(got) or "–",
                           f"expected {LOG_BYTES}: " + ("exact" if not bad else f"WRONG in {bad} rounds")))
    for series, notes in (("berth", "log-service's tables, partitions with TOAST and indexes"),
                          ("docker", "json-file")):
        m = s.median("ship-disk", series)
        if m is not None:
            out.append(row("bytes on disk per 50 MB", series, f"{m:,.0f} bytes ({m / LOG_BYTES:.4f}× the payload)",
                           notes))
    out.append("")
    if not s.has("ship-fanin", "berth-lines-per-s"):
        return
    out.append("## 14. Sustained ingest: 10 containers at once, 5 MB of 41-byte lines each")
    out.append("")
    out.append(row("what", "median", "min", "max", "unit", "notes"))
    out.append("|---|---|---|---|---|---|")
    for series, what, unit, digits in (
            ("berth-lines-per-s", "Berth: lines/s until all is in log-service", "lines/s", 0),
            ("berth-lag", "Berth: lag, from the last container's exit to all in log-service", "s", 2),
            ("berth-cpu", "Berth: agent + log-service CPU", "CPU s", 2),
            ("docker-lines-per-s", "Docker: lines/s until the last container has exited", "lines/s", 0),
            ("docker-cpu", "Docker: dockerd + containerd CPU", "CPU s", 2)):
        if s.has("ship-fanin", series):
            out.append(row(what, *stats_cells(s, "ship-fanin", series, digits), unit, ""))
    out.append("")


def remarks(out, s, path):
    with open(path) as f:
        lines = [l.strip() for l in f if l.strip()]
    out.append("## Notes")
    out.append("")
    out.append("- Berth's agent was one started for this run (its own port, state and run directories), with the JVM "
               "flags of `deploy/up.sh`. Its containers in figures 1-4 have no network (`network: none`), like crun's; Docker's default `run` "
               "sets up a bridge and a veth, hence the `--network none` series. Figures 5 and 6 use the bridge.")
    out.append("- crun shares one read-only rootfs directory between its containers; Berth and Docker mount an "
               "overlay with a writable layer per container.")
    if s.has("net-launch", "berth-api") or s.has("net-rate", "berth-published"):
        out.append("- Part net: the benchmark's agent has a network of its own (bridge `berthbench0`, 10.85.0.0/16, "
                   "nftables table `berth_bench`), and publishes ports with its default driver (see the facts); "
                   "figure 6's proxy series comes from a second agent started for it with "
                   "`--berth.agent.network.port-driver=userspace-proxy` (`berthbenchpx0`, 10.87.0.0/16, "
                   "`berth_benchpx`). Docker runs with its defaults, so its published ports on 127.0.0.1 go through "
                   "docker-proxy.")
    for l in lines:
        out.append(f"- {l}")
    out.append("")


def main():
    samples, facts, remarks_path = sys.argv[1:4]
    s = Samples(samples)
    out = []
    facts = read_facts(facts)
    header(out, facts)
    goals(out, s)
    figure_run(out, s, idle_gap(facts))
    figure_many(out, s)
    figure_mem(out, s)
    figure_logs(out, s)
    figure_net_launch(out, s, idle_gap(facts))
    figure_net_rate(out, s)
    figure_registry(out, s)
    figure_commit(out, s)
    figure_pull(out, s)
    figure_exec(out, s)
    figure_durable(out, s)
    figure_ship(out, s)
    remarks(out, s, remarks_path)
    print("\n".join(out))


if __name__ == "__main__":
    main()
