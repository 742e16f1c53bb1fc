# Part images: figures 7 to 9, images moving between registries, containers and the local store. Bash; sourced by
# run.sh, after parts.sh (whose functions it uses).
#
#   figure 7  skopeo copy of an image with one 50 MB layer into a registry and back out, against Berth's registry and
#             against distribution (Debian's docker-registry);
#   figure 8  commit of a running container's 20 MB change, through the agent's API and with `docker commit`;
#   figure 9  pull and unpack of that image, through the agent's API and with `docker pull`, from either registry.
#
# As in the other parts, the sides alternate round by round (the order flips every round), and each side is warmed
# up once before its first measured round (the registry's and the agent's JIT, Docker's caches, the page cache).
# Everything listens on 127.0.0.1 and all traffic stays on loopback.

# Berth's registry keeps its metadata in PostgreSQL; deploy/postgres.sh finds, starts and sets it up.
. "$BERTH_HOME/deploy/postgres.sh"

# skopeo drives figure 7 (and fills the registries for figure 9); docker-registry is distribution, the anchor.
IMAGES_PACKAGES="skopeo docker-registry"
REGISTRY_WARMUPS=${REGISTRY_WARMUPS:-10} # untimed push-and-pull rounds per registry before figure 7 measures
IMAGE_LAYER_BYTES=50000000              # the image's one layer: a file of random bytes (MB = 10^6 bytes, as figure 4)
COMMIT_BYTES=20971520                   # figure 8's change: 20 MiB of random bytes in /data/blob
COMMIT_SH="mkdir -p /data && head -c $COMMIT_BYTES /dev/urandom > /data/blob && sleep 1000"
REGISTRY_SCHEMA=registry_bench          # a schema of its own: a user's registry (schema registry) is never touched
PUSH_REPO=bench/big                     # figure 7's repository, emptied after every round
PULL_REPO=bench/pull                    # figure 9's
COMMIT_REPO=bench/committed             # figure 8's images: Berth's ...
DOCKER_COMMIT_REPO=berth-bench/committed  # ... and Docker's
IMAGES_DIR= IMAGE_LAYOUT= IMAGE_MANIFEST= IMAGE_LAYER= IMAGE_CONFIG= IMAGE_UPLOAD_BYTES=0
REGISTRY_PID= DISTRIBUTION_PID= REGISTRY_SCHEMA_MADE=false
COMMIT_BERTH= COMMIT_DOCKER=
declare -A REGISTRY_OF                  # side -> host:port of its registry
declare -A REPO_EMPTY                   # side -> 1 once figure 7's repository is known to hold nothing

# ================================================================================================================
# Setup: the image, and the two registries
# ================================================================================================================

# Both registries listen on ports above the agent's; they must be free (part net uses the six right above it).
check_images_ports() {
  local p
  for p in $REGISTRY_PORT $DISTRIBUTION_PORT; do
    port_in_use "$p" \
      && die "part images needs ports $REGISTRY_PORT and $DISTRIBUTION_PORT, but $p is in use; choose another --port"
  done
  true
}

# add_blob LAYOUT FILE: moves FILE into the layout's blobs under its digest; leaves "sha256:<hex>" in BLOB and its size
# in BLOB_SIZE.
add_blob() {
  local hex
  hex=$(sha256sum <"$2" | cut -d ' ' -f 1)
  BLOB=sha256:$hex BLOB_SIZE=$(stat -c %s "$2")
  mv "$2" "$1/blobs/sha256/$hex"
}

# The image of figures 7 and 9, made once per run as an OCI image layout written by hand: one gzip layer holding a
# file of random bytes, so that it does not compress and every byte has to travel, a config and a manifest. The
# layout is what skopeo pushes; its manifest digest is what every push, pull and pull-and-unpack is checked against.
make_image_layout() {
  local arch diff_id
  IMAGES_DIR=$WORK/images IMAGE_LAYOUT=$WORK/images/oci
  say "making an OCI image with one gzip layer of $IMAGE_LAYER_BYTES random bytes in $IMAGE_LAYOUT"
  rm -rf "$IMAGES_DIR"
  mkdir -p "$IMAGES_DIR/rootfs" "$IMAGE_LAYOUT/blobs/sha256"
  head -c "$IMAGE_LAYER_BYTES" /dev/urandom >"$IMAGES_DIR/rootfs/random.bin"
  # Fixed owner and times: the layer's bytes depend on the random file only.
  tar --numeric-owner --owner=0 --group=0 --mtime=@0 -C "$IMAGES_DIR/rootfs" -cf "$IMAGES_DIR/layer.tar" random.bin \
    || die "cannot make the layer tar"
  diff_id=sha256:$(sha256sum <"$IMAGES_DIR/layer.tar" | cut -d ' ' -f 1)
  gzip -n <"$IMAGES_DIR/layer.tar" >"$IMAGES_DIR/layer.tar.gz" || die "cannot compress the layer"
  rm -rf "$IMAGES_DIR/rootfs" "$IMAGES_DIR/layer.tar"
  add_blob "$IMAGE_LAYOUT" "$IMAGES_DIR/layer.tar.gz"
  IMAGE_LAYER=$BLOB
  local layer_size=$BLOB_SIZE
  # The OCI config names Go's architectures, which are Debian's for amd64 and arm64.
  case $(dpkg --print-architecture) in
    armhf|armel) arch=arm ;;
    i386) arch=386 ;;
    *) arch=$(dpkg --print-architecture) ;;
  esac
  jq -nc --arg arch "$arch" --arg diff "$diff_id" --arg by "bench/run.sh: $IMAGE_LAYER_BYTES random bytes" \
    '{created: "1970-01-01T00:00:00Z", architecture: $arch, os: "linux", config: {},
      rootfs: {type: "layers", diff_ids: [$diff]}, history: [{created: "1970-01-01T00:00:00Z", created_by: $by}]}' \
    >"$IMAGES_DIR/config.json"
  add_blob "$IMAGE_LAYOUT" "$IMAGES_DIR/config.json"
  IMAGE_CONFIG=$BLOB
  IMAGE_UPLOAD_BYTES=$((layer_size + BLOB_SIZE))
  jq -nc --arg config "$IMAGE_CONFIG" --argjson config_size "$BLOB_SIZE" \
         --arg layer "$IMAGE_LAYER" --argjson layer_size "$layer_size" \
    '{schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $config, size: $config_size},
      layers: [{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $layer, size: $layer_size}]}' \
    >"$IMAGES_DIR/manifest.json"
  add_blob "$IMAGE_LAYOUT" "$IMAGES_DIR/manifest.json"
  IMAGE_MANIFEST=$BLOB
  jq -nc --arg manifest "$IMAGE_MANIFEST" --argjson size "$BLOB_SIZE" \
    '{schemaVersion: 2, manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $manifest,
      size: $size, annotations: {"org.opencontainers.image.ref.name": "latest"}}]}' >"$IMAGE_LAYOUT/index.json"
  printf '{"imageLayoutVersion":"1.0.0"}\n' >"$IMAGE_LAYOUT/oci-layout"
  # skopeo reads it as any client would: a layout it cannot read stops the part here rather than in every round.
  skopeo inspect "oci:$IMAGE_LAYOUT:latest" >/dev/null 2>>"$ERRORS" \
    || die "skopeo cannot read $IMAGE_LAYOUT: $(last_error)"
  fact "image of figures 7 and 9" \
    "manifest $IMAGE_MANIFEST, one layer of $layer_size bytes (gzip of a tar of $IMAGE_LAYER_BYTES random bytes)"
}

# stop_stale_server PIDFILE PATTERN: a previous run that was killed may have left a registry running; it is ours if
# its command line contains PATTERN (which names the work dir).
stop_stale_server() {
  local pid
  [ -f "$1" ] || return 0
  pid=$(cat "$1")
  if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"; then
    note "stopping a registry a previous run left behind (pid $pid)"
    stop_pid "$pid" 30
  fi
  rm -f "$1"
}

# wait_for_server WHAT PID URL LOG: until URL answers 2xx, as long as PID lives; 60 s at most.
wait_for_server() {
  local i=0
  until curl -fsS -o /dev/null "$3" 2>/dev/null; do
    kill -0 "$2" 2>/dev/null || die "$1 exited during start-up; see $4"
    i=$((i + 1))
    [ $i -lt 600 ] || die "$1 did not answer within 60 s; see $4"
    sleep 0.1
  done
}

drop_registry_schema() {
  as_postgres -d "$BERTH_DB_NAME" -c "DROP SCHEMA IF EXISTS $REGISTRY_SCHEMA CASCADE" >/dev/null 2>&1
}

# Berth's registry: an instance of its own, from an extracted copy of its jar (as deploy/up.sh runs it, with
# deploy/lib.sh's JVM flags), with its blobs in the work dir and its tables in a schema of its own, which it creates
# at start-up (Flyway) and which is dropped again at the end. Scheduled garbage collection is off: it would run in
# the middle of a round at worst, and there is nothing to collect for an hour anyway.
start_berth_registry() {
  local jar=$BERTH_HOME/registry-service/target/registry-service.jar
  stop_stale_server "$WORK/registry.pid" "--berth.registry.data-dir=$WORK/registry "
  if [ ! -f "$jar" ]; then
    say "building the registry (JAVA_HOME=$JAVA_HOME)"
    (cd "$BERTH_HOME" && mvn -B -q -DskipTests -pl registry-service -am package) || die "the registry's build failed"
  fi
  ensure_postgres
  # A schema left by an interrupted run goes first, so that the registry starts empty, as its blob directory does.
  drop_registry_schema
  REGISTRY_SCHEMA_MADE=true
  rm -rf "$WORK/registry" "$WORK/registry-dist"
  mkdir -p "$WORK/registry"
  "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$WORK/registry-dist" >/dev/null \
    || die "cannot extract registry-service.jar"
  say "starting Berth's registry on 127.0.0.1:$REGISTRY_PORT, schema $REGISTRY_SCHEMA (log: $WORK/registry.log)"
  # shellcheck disable=SC2086
  setsid nohup "$JAVA_HOME/bin/java" $REGISTRY_JAVA_OPTS -jar "$WORK/registry-dist/registry-service.jar" \
    --server.address=127.0.0.1 --server.port="$REGISTRY_PORT" \
    --berth.registry.data-dir="$WORK/registry" --berth.registry.schema="$REGISTRY_SCHEMA" \
    --berth.registry.gc.interval=0 \
    >"$WORK/registry.log" 2>&1 </dev/null &
  REGISTRY_PID=$!
  echo "$REGISTRY_PID" >"$WORK/registry.pid"
  wait_for_server "Berth's registry" "$REGISTRY_PID" "http://127.0.0.1:$REGISTRY_PORT/v2/" "$WORK/registry.log"
}

# distribution, started by hand (not Debian's service) with a configuration of its own: filesystem storage in the
# work dir, deletion on (figure 7 empties its repository after every round), 127.0.0.1 only. The in-memory blob
# descriptor cache is the one Debian's configuration ships with. Its log level is warn: at info it writes a line per
# request, which Berth's registry does not.
start_distribution() {
  stop_stale_server "$WORK/distribution.pid" "serve $WORK/distribution.yml"
  rm -rf "$WORK/distribution"
  mkdir -p "$WORK/distribution"
  cat >"$WORK/distribution.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: $WORK/distribution
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$DISTRIBUTION_PORT
EOF
  say "starting distribution (docker-registry) on 127.0.0.1:$DISTRIBUTION_PORT (log: $WORK/distribution.log)"
  setsid nohup /usr/bin/docker-registry serve "$WORK/distribution.yml" >"$WORK/distribution.log" 2>&1 </dev/null &
  DISTRIBUTION_PID=$!
  echo "$DISTRIBUTION_PID" >"$WORK/distribution.pid"
  wait_for_server distribution "$DISTRIBUTION_PID" "http://127.0.0.1:$DISTRIBUTION_PORT/v2/" "$WORK/distribution.log"
}

start_registries() {
  start_berth_registry
  start_distribution
  REGISTRY_OF[berth-registry]=127.0.0.1:$REGISTRY_PORT REGISTRY_OF[distribution]=127.0.0.1:$DISTRIBUTION_PORT
  # Both start with nothing stored.
  REPO_EMPTY[berth-registry]=1 REPO_EMPTY[distribution]=1
  local postgres distribution
  postgres=$(as_postgres -tA -c 'SHOW server_version' 2>/dev/null)
  distribution=$(/usr/bin/docker-registry --version 2>/dev/null | awk '{ print $2, $3 }')
  fact "berth registry" "registry-service on 127.0.0.1:$REGISTRY_PORT, schema $REGISTRY_SCHEMA, PostgreSQL $postgres"
  fact distribution "$distribution on 127.0.0.1:$DISTRIBUTION_PORT, filesystem storage"
  fact skopeo "$(skopeo --version)"
}

stop_registries() {
  if [ -n "$REGISTRY_PID" ]; then
    say "stopping the benchmark's registries"
    stop_pid "$REGISTRY_PID" 30
    REGISTRY_PID=
    rm -f "$WORK/registry.pid"
  fi
  if [ -n "$DISTRIBUTION_PID" ]; then
    stop_pid "$DISTRIBUTION_PID" 30
    DISTRIBUTION_PID=
    rm -f "$WORK/distribution.pid"
  fi
  if [ "$KEEP_STATE" != true ]; then
    [ "$REGISTRY_SCHEMA_MADE" != true ] || drop_registry_schema
    REGISTRY_SCHEMA_MADE=false
    rm -rf "$WORK/registry" "$WORK/registry-dist" "$WORK/distribution" "$WORK/images"
  fi
}

# url-encodes $1: image references go into paths and query strings.
urlencode() { jq -rn --arg r "$1" '$r | @uri'; }

# image_record FIGURE SERIES ROUND OK [DETAIL]: the timing just taken, in s; a failure is also said on the terminal.
# Round 0 is the warm-up and is not recorded.
image_record() {
  [ "$4" = 1 ] || note "$2, $1, round $3 failed: ${5:-}"
  [ "$3" = 0 ] || sample_s "$1" "$2" "$3" "$4" "${5:-}"
}

# registry_counter METRIC [FILTER]: one of the counters of Berth's registry, summed over the series whose labels
# contain FILTER.
registry_counter() {
  curl -fsS "http://127.0.0.1:$REGISTRY_PORT/actuator/prometheus" 2>/dev/null | awk -v m="$1" -v f="${2:-}" '
    (index($1, m "{") == 1 || $1 == m) && index($1, f) { s += $2 } END { printf "%.0f\n", s }'
}

# ================================================================================================================
# Figure 7: skopeo copy of the image into a registry (push) and back out into a fresh OCI layout (pull)
# ================================================================================================================

skopeo_push() {
  skopeo copy -q --dest-tls-verify=false --digestfile "$TMP/pushed" \
    "oci:$IMAGE_LAYOUT:latest" "docker://$1/$PUSH_REPO:latest"
}

skopeo_pull() {
  skopeo copy -q --src-tls-verify=false "docker://$1/$PUSH_REPO:latest" "oci:$IMAGES_DIR/pulled:latest"
}

# empty_repository SIDE: deletes figure 7's manifest and both blobs from the side's repository, then checks that it
# holds neither blob. A fresh repository name per round would not do: skopeo remembers where it has seen a blob
# (its blob info cache) and mounts it from that other repository of the same registry instead of uploading it.
empty_repository() {
  local base=http://${REGISTRY_OF[$1]}/v2/$PUSH_REPO codes
  curl -sS -o /dev/null -X DELETE "$base/manifests/$IMAGE_MANIFEST" \
    --next -sS -o /dev/null -X DELETE "$base/blobs/$IMAGE_LAYER" \
    --next -sS -o /dev/null -X DELETE "$base/blobs/$IMAGE_CONFIG" 2>>"$ERRORS"
  codes=$(curl -sS -o /dev/null -w '%{http_code} ' -I "$base/blobs/$IMAGE_LAYER" \
          --next -sS -o /dev/null -w '%{http_code} ' -I "$base/blobs/$IMAGE_CONFIG" 2>>"$ERRORS")
  if [ "$codes" = "404 404 " ]; then
    REPO_EMPTY[$1]=1
  else
    REPO_EMPTY[$1]=0
    note "$1: the blobs are still in $PUSH_REPO after the deletes (HEAD: $codes); its next push will not count"
  fi
}

# registry_once SIDE ROUND: one push and one pull, each timed on its own, then the repository is emptied, untimed.
# A push counts only if the manifest it reports is the layout's and the repository held nothing before it; a pull
# only if the manifest it wrote is the one pushed. Round 0 is a warm-up and is not recorded.
registry_once() {
  local side=$1 round=$2 host=${REGISTRY_OF[$1]} ok=1 detail="" pushed pulled
  rm -rf "$IMAGES_DIR/pulled" "$TMP/pushed"
  timed skopeo_push "$host" >/dev/null 2>>"$ERRORS"
  PUSH_US=$ELAPSED_US
  pushed=$(cat "$TMP/pushed" 2>/dev/null)
  if [ "$RC" != 0 ]; then
    ok=0 detail="exit $RC: $(last_error)"
  elif [ "$pushed" != "$IMAGE_MANIFEST" ]; then
    ok=0 detail="pushed manifest ${pushed:-none}, not the layout's $IMAGE_MANIFEST"
  elif [ "${REPO_EMPTY[$side]}" != 1 ]; then
    ok=0 detail="the repository still held the blobs before the push"
  fi
  image_record registry-push "$side" "$round" $ok "$detail"
  ok=1 detail=""
  timed skopeo_pull "$host" >/dev/null 2>>"$ERRORS"
  PULL_US=$ELAPSED_US
  pulled=$(jq -r '.manifests[0].digest' "$IMAGES_DIR/pulled/index.json" 2>/dev/null)
  if [ "$RC" != 0 ]; then
    ok=0 detail="exit $RC: $(last_error)"
  elif [ -z "$pushed" ] || [ "$pulled" != "$pushed" ]; then
    ok=0 detail="pulled manifest ${pulled:-none}, pushed ${pushed:-none}"
  fi
  image_record registry-pull "$side" "$round" $ok "$detail"
  empty_repository "$side"
  rm -rf "$IMAGES_DIR/pulled"
}

images_registry() {
  local sides="berth-registry distribution" side round line received mounts
  say "figure 7: skopeo copy of the image into each registry and back out, $ROUNDS_IMAGES rounds of: $sides"
  received=$(registry_counter berth_registry_bytes_received_bytes_total)
  mounts=$(registry_counter berth_registry_pushes_total 'kind="mount"')
  # A registry is a long-running service; Berth's runs on a JVM, whose JIT compiles a request's path only after it
  # has run it many times: the first push after start-up takes twice as long as the tenth, and the small requests
  # (about ten per push, four per pull, each on a fresh connection) settle last. Figure 7 measures the registries as
  # they serve most of the time, after the same warm-ups on both sides; the first round's times are reported beside.
  local warmup first=""
  for ((warmup = 1; warmup <= REGISTRY_WARMUPS; warmup++)); do
    for side in $sides; do
      note "warm-up $warmup: $side"
      registry_once "$side" 0
      [ "$warmup" != 1 ] || first="$first, $side push $(us_to_s "$PUSH_US") s and pull $(us_to_s "$PULL_US") s"
    done
  done
  [ -z "$first" ] || remark "figure 7: the first push and pull after start-up (the first warm-up round):${first#,}"
  for ((round = 1; round <= ROUNDS_IMAGES; round++)); do
    line=""
    for side in $(in_round_order "$round" $sides); do
      registry_once "$side" "$round"
      line="$line $side push $(us_to_s "$PUSH_US") pull $(us_to_s "$PULL_US")"
    done
    note "round $round, s:$line"
  done
  # Evidence that every push uploaded the whole image rather than finding it in place or mounting it from elsewhere;
  # distribution keeps no such count.
  received=$(($(registry_counter berth_registry_bytes_received_bytes_total) - received))
  mounts=$(($(registry_counter berth_registry_pushes_total 'kind="mount"') - mounts))
  remark "figure 7: Berth's registry received $received bytes into uploads over $((ROUNDS_IMAGES + REGISTRY_WARMUPS)) pushes" \
    "(warm-up included; the image's layer and config are $IMAGE_UPLOAD_BYTES bytes), and mounted $mounts blobs"
}

# ================================================================================================================
# Figure 8: commit of a running container's 20 MB change
# ================================================================================================================

# file_has_size FILE BYTES
file_has_size() { [ "$(stat -c %s "$1" 2>/dev/null)" = "$2" ]; }

# One container per side runs for the whole figure: it writes 20 MiB of random bytes into /data/blob, then sleeps.
# Every round commits the same change; the run waits until the file is complete, as seen in the container's upper
# directory from the host.
commit_start() {
  local upper
  next_name; COMMIT_BERTH=$NAME
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d "$(container_body "$COMMIT_BERTH" false sh -c "$COMMIT_SH")" "$API/v1/containers?start=true" 2>>"$ERRORS" \
    || die "figure 8: the Berth container did not start: $(last_error)"
  upper=$(curl -fsS "$API/v1/containers/$COMMIT_BERTH" | jq -r .rootfs.upperDir)
  wait_until 60 file_has_size "$upper/data/blob" "$COMMIT_BYTES" \
    || die "figure 8: the Berth container did not write its $COMMIT_BYTES bytes within 60 s ($upper/data/blob)"
  next_name; COMMIT_DOCKER=berth-$NAME
  "$DOCKER" run -d --name "$COMMIT_DOCKER" --network none --label "$BENCH_LABEL" "$DOCKER_IMAGE" sh -c "$COMMIT_SH" \
    >/dev/null 2>>"$ERRORS" || die "figure 8: the Docker container did not start: $(last_error)"
  upper=$("$DOCKER" inspect -f '{{.GraphDriver.Data.UpperDir}}' "$COMMIT_DOCKER")
  wait_until 60 file_has_size "$upper/data/blob" "$COMMIT_BYTES" \
    || die "figure 8: the Docker container did not write its $COMMIT_BYTES bytes within 60 s ($upper/data/blob)"
}

commit_stop() {
  [ -z "$COMMIT_BERTH" ] || curl -sS -o /dev/null -X DELETE "$API/v1/containers/$COMMIT_BERTH?force=true"
  [ -z "$COMMIT_DOCKER" ] || "$DOCKER" rm -f "$COMMIT_DOCKER" >/dev/null 2>>"$ERRORS"
  COMMIT_BERTH= COMMIT_DOCKER=
}

# Both with their defaults: the agent freezes the container's cgroup while it reads the layer, docker pauses it.
berth_commit() {
  curl -sS -o "$TMP/commit.json" -w '%{http_code}' -X POST \
    "$API/v1/containers/$COMMIT_BERTH/commit?repo=$COMMIT_REPO&tag=$1" >"$TMP/code"
}
docker_commit() { "$DOCKER" commit "$COMMIT_DOCKER" "$DOCKER_COMMIT_REPO:$1" >/dev/null; }

# commit_once SIDE ROUND: one timed commit, tagged rROUND; the image's size (base and change) is recorded, and must be
# at least the change's. The image is then removed, untimed, so that every round makes its layer anew.
commit_once() {
  local side=$1 round=$2 tag=r$2 ok=1 detail="" code size ref
  rm -f "$TMP/commit.json" "$TMP/code"
  case $side in
    berth-api)
      ref=$COMMIT_REPO:$tag
      timed berth_commit "$tag" 2>>"$ERRORS"
      code=$(cat "$TMP/code" 2>/dev/null)
      if [ "$RC" != 0 ] || [ "$code" != 201 ]; then
        ok=0 detail="exit $RC, HTTP ${code:-none}: $(head -c 200 "$TMP/commit.json" 2>/dev/null)"
      fi
      size=$(curl -fsS "$API/v1/images/$(urlencode "$ref")" 2>/dev/null | jq -r '.size // 0') ;;
    docker)
      ref=$DOCKER_COMMIT_REPO:$tag
      timed docker_commit "$tag" 2>>"$ERRORS"
      [ "$RC" = 0 ] || ok=0 detail="exit $RC: $(last_error)"
      size=$("$DOCKER" image inspect -f '{{.Size}}' "$ref" 2>/dev/null || echo 0) ;;
  esac
  if [ $ok = 1 ] && [ "${size:-0}" -lt "$COMMIT_BYTES" ]; then
    ok=0 detail="the image has ${size:-0} bytes, less than the change's $COMMIT_BYTES"
  fi
  image_record commit "$side" "$round" $ok "$detail"
  [ "$round" = 0 ] || sample commit-size "$side" "$round" "${size:-0}" bytes $ok
  case $side in
    berth-api)
      code=$(curl -sS -o /dev/null -w '%{http_code}' -X DELETE "$API/v1/images/$(urlencode "$ref")" 2>>"$ERRORS")
      [ "$code" = 200 ] || note "berth-api: removing $ref answered ${code:-nothing}" ;;
    docker) "$DOCKER" rmi "$ref" >/dev/null 2>>"$ERRORS" || note "docker: removing $ref failed: $(last_error)" ;;
  esac
}

# alternate_rounds ONCE SIDE...: one warm-up of each side, then ROUNDS_IMAGES rounds of ONCE SIDE ROUND, the sides'
# order flipping every round, each round's times noted.
alternate_rounds() {
  local once=$1 side round line
  shift
  for side in "$@"; do note "warm-up: $side"; "$once" "$side" 0; done
  for ((round = 1; round <= ROUNDS_IMAGES; round++)); do
    line=""
    for side in $(in_round_order "$round" "$@"); do
      "$once" "$side" "$round"
      line="$line $side $(us_to_s "$ELAPSED_US")"
    done
    note "round $round, s:$line"
  done
}

images_commit() {
  local sides="berth-api docker"
  say "figure 8: commit of a running container's $COMMIT_BYTES-byte change, $ROUNDS_IMAGES rounds of: $sides"
  commit_start
  # shellcheck disable=SC2086
  alternate_rounds commit_once $sides
  commit_stop
}

# ================================================================================================================
# Figure 9: pull and unpack of the image, from distribution and from Berth's registry
# ================================================================================================================

PULL_SERIES="berth-api-from-distribution docker-from-distribution berth-api-from-berth docker-from-berth"

# pull_ref SERIES: the reference each series pulls. Both sides name the same image in the same registry; the agent
# names Berth's registry by default (--berth.agent.registry.default), so it is left out of its reference there.
pull_ref() {
  case $1 in
    *-from-distribution) echo "127.0.0.1:$DISTRIBUTION_PORT/$PULL_REPO:latest" ;;
    berth-api-from-berth) echo "$PULL_REPO:latest" ;;
    docker-from-berth) echo "127.0.0.1:$REGISTRY_PORT/$PULL_REPO:latest" ;;
  esac
}

# One curl process, as in the other figures; the agent answers with a line of JSON per step, the last one saying
# whether the image was pulled. $1 is the reference, url-encoded beforehand (jq is a process of its own).
berth_pull() { curl -sS -N -X POST "$API/v1/images/pull?reference=$1" >"$TMP/pull.out"; }
docker_pull() { "$DOCKER" pull "$1" >"$TMP/pull.out"; }

# pulled_present SERIES: whether the series' image is in its side's local store.
pulled_present() {
  local ref
  ref=$(pull_ref "$1")
  case $1 in
    berth-api-*)
      [ "$(curl -sS -o /dev/null -w '%{http_code}' "$API/v1/images/$(urlencode "$ref")" 2>/dev/null)" = 200 ] ;;
    docker-*) "$DOCKER" image inspect "$ref" >/dev/null 2>&1 ;;
  esac
}

# remove_pulled SERIES: the image goes from the local store, and with it its layer (nothing else uses it).
remove_pulled() {
  local ref
  ref=$(pull_ref "$1")
  case $1 in
    berth-api-*) curl -sS -o /dev/null -X DELETE "$API/v1/images/$(urlencode "$ref")" 2>/dev/null ;;
    docker-*) "$DOCKER" rmi "$ref" >/dev/null 2>&1 ;;
  esac
  true
}

# Puts the image into both registries under $PULL_REPO, untimed. Only now: while figure 7 runs, a second repository
# holding the same blobs would let skopeo mount them instead of uploading them.
pull_prepare() {
  local side
  for side in berth-registry distribution; do
    rm -f "$TMP/pushed"
    skopeo copy -q --dest-tls-verify=false --digestfile "$TMP/pushed" "oci:$IMAGE_LAYOUT:latest" \
      "docker://${REGISTRY_OF[$side]}/$PULL_REPO:latest" >/dev/null 2>>"$ERRORS" \
      && [ "$(cat "$TMP/pushed")" = "$IMAGE_MANIFEST" ] \
      || die "figure 9: pushing the image into $side failed: $(last_error)"
  done
  # What an interrupted run may have left.
  for side in $PULL_SERIES; do remove_pulled "$side"; done
}

# pull_once SERIES ROUND: one timed pull, which counts only if the image was not in the local store before it and it
# ends with the layout's manifest digest; then the image is removed, untimed, so that the next pull starts without
# it. Round 0 is a warm-up and is not recorded.
pull_once() {
  local series=$1 round=$2 ok=1 detail="" ref encoded last absent
  ref=$(pull_ref "$series")
  rm -f "$TMP/pull.out"
  pulled_present "$series" && absent=false || absent=true
  case $series in
    berth-api-*)
      encoded=$(urlencode "$ref")
      timed berth_pull "$encoded" 2>>"$ERRORS"
      last=$(tail -n 1 "$TMP/pull.out" 2>/dev/null)
      if [ "$RC" != 0 ]; then
        ok=0 detail="exit $RC: $(last_error)"
      elif ! jq -e --arg d "$IMAGE_MANIFEST" '.status == "pulled" and .digest == $d' >/dev/null 2>&1 <<<"$last"; then
        ok=0 detail="last line: $(cut -c1-200 <<<"${last:-none}")"
      fi ;;
    docker-*)
      timed docker_pull "$ref" 2>>"$ERRORS"
      if [ "$RC" != 0 ]; then
        ok=0 detail="exit $RC: $(last_error)"
      elif ! grep -qF "Digest: $IMAGE_MANIFEST" "$TMP/pull.out"; then
        ok=0 detail="docker pull did not report digest $IMAGE_MANIFEST: $(tail -n 2 "$TMP/pull.out" | tr '\n' ' ')"
      fi ;;
  esac
  [ $ok = 0 ] || [ $absent = true ] || ok=0 detail="the image was in the local store before the pull"
  image_record pull "$series" "$round" $ok "$detail"
  remove_pulled "$series"
}

images_pull() {
  say "figure 9: pull and unpack of the image, $ROUNDS_IMAGES rounds of: $PULL_SERIES"
  pull_prepare
  # shellcheck disable=SC2086
  alternate_rounds pull_once $PULL_SERIES
}

# ================================================================================================================

part_images() {
  make_image_layout
  # The registries start only now, so that they take nothing from the figures before.
  start_registries
  images_registry
  images_commit
  images_pull
  stop_registries
}

# On exit, also after an error or ^C: the registries, figure 8's containers (the agent's go with the agent) and the
# images this part left in Docker.
images_cleanup() {
  local ref
  case ,$PARTS, in *,images,*) ;; *) return 0 ;; esac
  stop_registries
  if "$DOCKER" info >/dev/null 2>&1; then
    [ -z "$COMMIT_DOCKER" ] || "$DOCKER" rm -f "$COMMIT_DOCKER" >/dev/null 2>&1
    for ref in $("$DOCKER" images -q "$DOCKER_COMMIT_REPO" 2>/dev/null | sort -u) \
               "127.0.0.1:$DISTRIBUTION_PORT/$PULL_REPO:latest" "127.0.0.1:$REGISTRY_PORT/$PULL_REPO:latest"; do
      "$DOCKER" rmi -f "$ref" >/dev/null 2>&1
    done
  fi
  true
}
