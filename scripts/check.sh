#!/bin/sh
# The test runs of make check, once both builds are done: the plain build's
# tests (the kiosk scenarios only under valgrind), then the sanitized
# build's, then the Debian package installed and reached over SSH. The
# package is built meanwhile, beside the test runs: they spend most of
# their time waiting for a screen or a process, the package build
# computing. A failure stops the rest (the package build is let finish).
# Usage: scripts/check.sh BUILD
set -u
BUILD=${1:-build}
cd "$(dirname "$0")/.." || exit 1
mkdir -p "$BUILD"
rm -f "$BUILD/deb.rc"
( nice -n 5 make --no-print-directory BUILD="$BUILD" deb >"$BUILD/deb.log" 2>&1
  echo $? >"$BUILD/deb.rc" ) &
deb=$!
rc=0
KIOSK=valgrind bash scripts/run-tests.sh "$BUILD" || rc=1
[ $rc = 0 ] && { bash scripts/run-tests.sh build-asan || rc=1; }
wait "$deb"
cat "$BUILD/deb.log"
[ $rc = 0 ] || exit 1
[ "$(cat "$BUILD/deb.rc" 2>/dev/null)" = 0 ] || {
	echo "FAIL: make deb (log above)" >&2
	exit 1
}
exec bash tests/deb/ssh.sh "$BUILD/deb"
