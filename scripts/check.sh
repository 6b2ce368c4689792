#!/bin/sh
# The test runs of make check, once both builds are done, side by side:
# the plain build's unit tests, fuzz replays and the kiosk scenario under
# valgrind, one at a time; the sanitized build's every test, CLI and
# kiosk scenarios included, on each engine they name; the Debian package
# built meanwhile. Each scenario thus runs once, under the sanitizers (the
# suite is bound by CPU: a second plain run of the scenarios would double
# its cost and find what the sanitized one finds). Then the package is
# installed and reached over SSH. A failure stops the rest (the package
# build is let finish).
# Usage: scripts/check.sh BUILD
set -u
BUILD=${1:-build}
cd "$(dirname "$0")/.." || exit 1
mkdir -p "$BUILD"
rm -f "$BUILD/deb.rc" "$BUILD/plain.rc"
( nice -n 5 make --no-print-directory BUILD="$BUILD" deb >"$BUILD/deb.log" 2>&1
  echo $? >"$BUILD/deb.rc" ) &
deb=$!
( SCENARIOS=valgrind JOBS=1 bash scripts/run-tests.sh "$BUILD" \
	>"$BUILD/plain.log" 2>&1
  echo $? >"$BUILD/plain.rc" ) &
plain=$!
rc=0
bash scripts/run-tests.sh build-asan || rc=1
wait "$plain"
cat "$BUILD/plain.log"
[ "$(cat "$BUILD/plain.rc" 2>/dev/null)" = 0 ] || rc=1
wait "$deb"
cat "$BUILD/deb.log"
[ $rc = 0 ] || exit 1
[ "$(cat "$BUILD/deb.rc" 2>/dev/null)" = 0 ] || {
	echo "FAIL: make deb (log above)" >&2
	exit 1
}
exec bash tests/deb/ssh.sh "$BUILD/deb"
