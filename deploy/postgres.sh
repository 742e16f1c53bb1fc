# PostgreSQL for Berth's services, from Debian's packages, without systemd. POSIX sh; sourced after lib.sh, not run.
#
# ensure_postgres installs postgresql if it is missing, starts the newest installed cluster, waits until it accepts
# connections, and makes sure role berth and database berth (owned by it) exist. The role's password is generated
# once and kept in $POSTGRES_ENV (mode 600), which the services read; it is exported as BERTH_DB_PASSWORD too.

BERTH_CONFIG_DIR=${BERTH_CONFIG_DIR:-/etc/berth}
POSTGRES_ENV=$BERTH_CONFIG_DIR/postgres.env
BERTH_DB_NAME=${BERTH_DB_NAME:-berth}
BERTH_DB_USER=${BERTH_DB_USER:-berth}

# psql as the postgres superuser, over the local socket (Debian's pg_hba lets it in by peer authentication).
as_postgres() {
  (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$BERTH_DB_PORT" "$@")
}

ensure_postgres() {
  ensure_packages postgresql
  # The newest server installed; a cluster named main of that version is what Debian's package creates.
  pg_version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$pg_version" ] && [ -x "/usr/lib/postgresql/$pg_version/bin/postgres" ] \
    || die "no PostgreSQL server under /usr/lib/postgresql; install Debian's postgresql"
  if ! pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
    say "creating PostgreSQL $pg_version cluster main"
    pg_createcluster "$pg_version" main >/dev/null
  fi
  BERTH_DB_PORT=$(pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" { print $3 }')
  status=$(pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" { print $4 }')
  if [ "$status" != online ]; then
    say "starting PostgreSQL $pg_version (cluster main, port $BERTH_DB_PORT)"
    # Without the flag, pg_ctlcluster hands the start to systemctl wherever systemd is PID 1.
    pg_ctlcluster --skip-systemctl-redirect "$pg_version" main start \
      || die "PostgreSQL did not start; see /var/log/postgresql/postgresql-$pg_version-main.log"
  fi
  i=0
  until pg_isready -q -h 127.0.0.1 -p "$BERTH_DB_PORT"; do
    i=$((i + 1))
    [ $i -lt 150 ] || die "PostgreSQL does not accept connections on 127.0.0.1:$BERTH_DB_PORT after 30 s"
    sleep 0.2
  done

  if [ ! -s "$POSTGRES_ENV" ]; then
    mkdir -p "$BERTH_CONFIG_DIR"
    # Hex only: the file is read both by sh and as a Java properties file.
    password=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
    (umask 077 && printf 'BERTH_DB_PASSWORD=%s\n' "$password" >"$POSTGRES_ENV")
  fi
  chmod 600 "$POSTGRES_ENV"
  BERTH_DB_PASSWORD=$(sed -n 's/^BERTH_DB_PASSWORD=//p' "$POSTGRES_ENV")
  [ -n "$BERTH_DB_PASSWORD" ] || die "$POSTGRES_ENV has no BERTH_DB_PASSWORD; remove it to generate one"
  export BERTH_DB_PASSWORD

  if [ "$(as_postgres -tA -c "SELECT 1 FROM pg_roles WHERE rolname = '$BERTH_DB_USER'")" != 1 ]; then
    as_postgres -c "CREATE ROLE \"$BERTH_DB_USER\" LOGIN"
  fi
  # Every time, so that the role and the file agree even if the file was made anew; on stdin, not in argv.
  printf 'ALTER ROLE "%s" WITH LOGIN PASSWORD '"'"'%s'"'"';\n' "$BERTH_DB_USER" "$BERTH_DB_PASSWORD" | as_postgres
  if [ "$(as_postgres -tA -c "SELECT 1 FROM pg_database WHERE datname = '$BERTH_DB_NAME'")" != 1 ]; then
    as_postgres -c "CREATE DATABASE \"$BERTH_DB_NAME\" OWNER \"$BERTH_DB_USER\""
  fi
  BERTH_DB_URL="jdbc:postgresql://127.0.0.1:$BERTH_DB_PORT/$BERTH_DB_NAME"
  export BERTH_DB_URL
}
