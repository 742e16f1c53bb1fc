# Figure 10: exec into a running container. Bash; sourced by run.sh.
#
# One long-running `sleep` container per side, made once: Berth's through the API, crun's from the sleep bundle
# (`crun run -d`), Docker's with `docker run -d --network none`. Then, round by round in alternating order, `true` is
# exec'd in each:
#   berth-api     POST /v1/containers/NAME/exec?wait=true, EXEC_BATCH of them in one curl process over one kept-alive
#                 connection; each request's own time (curl's time_total) is a sample. This is the platform's exec,
#                 as the gateway or any long-lived client sees it, without a process start per call.
#   berth-api-1   the same call as one curl process, timed from outside (curl's own start included)
#   berth-cli     bin/berth exec NAME true (a JVM start included)
#   crun          crun exec NAME true
#   docker        docker exec NAME true

EXEC_BATCH=${EXEC_BATCH:-5}
EXEC_BODY='{"cmd":["true"]}'
EXEC_NAME=bench-exec

exec_setup() {
  local body
  body=$(container_body "$EXEC_NAME" false sleep 3600)
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -d "$body" "$API/v1/containers?start=true" \
    || die "cannot start Berth's exec container"
  crun run -d --bundle "$WORK/bundles/sleep" "${CRUN_PREFIX}exec" </dev/null >/dev/null 2>>"$ERRORS" \
    || die "cannot start crun's exec container"
  "$DOCKER" run -d --network none --label "$BENCH_LABEL" --name "${CRUN_PREFIX}exec" "$DOCKER_IMAGE" sleep 3600 \
    >/dev/null 2>>"$ERRORS" || die "cannot start Docker's exec container"
}

exec_teardown() {
  curl -sS -o /dev/null -X DELETE "$API/v1/containers/$EXEC_NAME?force=true"
  crun delete -f "${CRUN_PREFIX}exec" >/dev/null 2>&1
  "$DOCKER" rm -f "${CRUN_PREFIX}exec" >/dev/null 2>&1
}

# One curl, EXEC_BATCH requests on one connection: a line per request with its answer, then its time_total.
berth_api_exec_batch() {
  local urls=() i
  for ((i = 0; i < EXEC_BATCH; i++)); do urls+=("$API/v1/containers/$EXEC_NAME/exec?wait=true"); done
  curl -sS -X POST -H 'Content-Type: application/json' -d "$EXEC_BODY" -w '\n%{time_total}\n' "${urls[@]}" \
    >"$TMP/exec.out"
}

berth_api_exec_one() {
  curl -sS -o "$TMP/exec.json" -X POST -H 'Content-Type: application/json' -d "$EXEC_BODY" \
    "$API/v1/containers/$EXEC_NAME/exec?wait=true"
}
berth_cli_exec()  { "$BERTH_CLI" exec "$EXEC_NAME" true; }
crun_exec()       { crun exec "${CRUN_PREFIX}exec" true </dev/null; }
docker_exec()     { "$DOCKER" exec "${CRUN_PREFIX}exec" true; }

exec_once() {  # SIDE ROUND
  local side=$1 round=$2 ok=1 t n
  case $side in
    berth-api)
      berth_api_exec_batch 2>>"$ERRORS" || ok=0
      n=$(grep -c '"exitCode":0' "$TMP/exec.out" 2>/dev/null || true)
      [ "$n" = "$EXEC_BATCH" ] || ok=0
      [ "$round" = 0 ] && return
      for t in $(grep -E '^[0-9]+([.,][0-9]+)?$' "$TMP/exec.out"); do
        sample exec berth-api "$round" "$(awk -v s="${t/,/.}" 'BEGIN { printf "%.2f", s * 1000 }')" ms "$ok" \
          "$( [ $ok = 1 ] || head -c 200 "$TMP/exec.out")"
      done
      return ;;
    berth-api-1)
      timed berth_api_exec_one 2>>"$ERRORS"
      grep -q '"exitCode":0' "$TMP/exec.json" 2>/dev/null || ok=0 ;;
    berth-cli) timed berth_cli_exec >/dev/null 2>>"$ERRORS" ;;
    crun)      timed crun_exec >/dev/null 2>>"$ERRORS" ;;
    docker)    timed docker_exec >/dev/null 2>>"$ERRORS" ;;
  esac
  [ "$RC" = 0 ] || ok=0
  [ $ok = 1 ] || note "$side round $round failed: exit $RC: $(last_error)"
  [ "$round" = 0 ] && return
  sample_ms exec "$side" "$round" "$ok" "$( [ $ok = 1 ] || last_error)"
}

part_exec() {
  local sides="berth-api berth-api-1 berth-cli crun docker" side round i
  say "figure 10: exec true into a running container, $ROUNDS_EXEC rounds of: $sides (order flips every round)"
  exec_setup
  # The agent's exec path is warmed up like its launch path in figure 1; every other side once.
  for ((i = 0; i < WARMUP_AGENT; i++)); do exec_once berth-api 0; done
  for side in $sides; do exec_once "$side" 0; done
  for ((round = 1; round <= ROUNDS_EXEC; round++)); do
    for side in $(in_round_order "$round" $sides); do
      exec_once "$side" "$round"
    done
    printf '.' >&2
  done
  printf '\n' >&2
  exec_teardown
}
