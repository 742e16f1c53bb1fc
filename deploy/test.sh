#!/bin/sh
# The whole test suite: unit tests, then integration tests on the real kernel (namespaces, overlayfs, cgroups) and
# black-box tests of the CLI against a real agent process, and the registry's against a real PostgreSQL (started here)
# with skopeo; then the networking tests once more with dockerd running (deploy/docker-coexistence.sh). Run as root
# on Debian; installs what it needs.
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/postgres.sh"
require_root
ensure_packages $RUNTIME_PACKAGES $BUILD_PACKAGES $TEST_PACKAGES
find_java
ensure_postgres
cd "$BERTH_HOME"
say "testing with JAVA_HOME=$JAVA_HOME"
mvn -B verify "$@"
say "networking again, on a host where Docker runs"
"$BERTH_HOME/deploy/docker-coexistence.sh"
