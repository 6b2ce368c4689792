#!/bin/bash
# Run every test against one build directory: the cmocka unit tests, the CLI
# shell tests, the tmux-driven kiosk scenarios and the fuzz targets'
# corpora and saved crashers (replayed, not fuzzed). One log per test under
# BUILD/log/; a sanitizer report anywhere fails the test that produced it.
# Tests run JOBS at a time (default: one more than the CPUs): most of a
# kiosk scenario's time is spent waiting for the screen, not computing.
# SCENARIOS=valgrind runs, of the CLI and kiosk scenarios, only the kiosk
# scenario under valgrind (make check runs the others once, in the
# sanitized build, on each engine they name).
# Usage: scripts/run-tests.sh BUILD [PATTERN]
set -u
BUILD=${1:-build}
PATTERN=${2:-}
JOBS=${JOBS:-$(($(nproc) + 1))}
SCENARIOS=${SCENARIOS:-all}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
LOG=$BUILD/log
SAN=$BUILD/san
rm -rf "$LOG" "$SAN"
mkdir -p "$LOG/unit" "$LOG/cli" "$LOG/tui" "$LOG/fuzz" "$LOG/pg/cli" "$LOG/pg/tui" "$LOG/pg/unit" "$SAN"

export OKNO="$ROOT/$BUILD/okno"
export OKNO_ROOT="$ROOT"
export OKNO_FORMS="$ROOT/forms"
export OKNO_BUILD="$BUILD"
export TZ=Asia/Almaty LANG=C.UTF-8 LC_ALL=C.UTF-8
# Throw-away test accounts are hashed at yescrypt's lowest cost, so a
# thousand logins do not take minutes; test_store checks the default cost.
export OKNO_CRYPT_COST=1
unset OKNO_DB OKNO_PASSWORD_FILE OKNO_NEW_PASSWORD_FILE OKNO_AS OKNO_NOW

# A throw-away PostgreSQL cluster for the tests that run on both engines
# (Unix socket only), stopped and removed however this script ends.
PGDIR=$(mktemp -u "${TMPDIR:-/tmp}/okno-pg.XXXXXX")
trap 'sh "$ROOT/scripts/pg-cluster.sh" stop "$PGDIR"' EXIT
trap 'exit 130' INT TERM HUP
if ! sh scripts/pg-cluster.sh start "$PGDIR" >/dev/null; then
	echo "FAIL: the PostgreSQL test cluster did not start" >&2
	exit 1
fi
export OKNO_PG_HOST="$PGDIR"

# leftovers TAG: the pids of processes whose environment holds
# OKNO_TEST_TAG=TAG (the test's own processes, however far they strayed).
# One grep reads every process's environment: a grep a process would cost
# more CPU than most tests.
leftovers() {
	grep -lzx "OKNO_TEST_TAG=$1" /proc/[0-9]*/environ 2>/dev/null |
		sed 's|^/proc/||; s|/environ$||'
}

# run_one NAME CMD...: runs in the background; leaves LOG/NAME.rc.
run_one() {
	name=$1
	shift
	(
		tag="$(echo "$name" | tr / _).$$.$(date +%s%N)"
		san="$ROOT/$SAN/$(echo "$name" | tr / _)"
		mkdir -p "$san"
		tmp=$(mktemp -d)
		chmod 711 "$tmp" # a cluster of the test's own runs as postgres
		start=$(date +%s)
		rc=0
		ASAN_OPTIONS="log_path=$san/asan:detect_leaks=1:abort_on_error=0" \
		LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0" \
		UBSAN_OPTIONS="log_path=$san/ubsan:print_stacktrace=1:halt_on_error=1" \
		OKNO_TEST_TAG="$tag" TMPDIR="$tmp" "$@" >"$LOG/$name.log" 2>&1 ||
			rc=$?
		# Nothing a test started may outlive it: a process that still
		# carries the test's tag (a kiosk, a tmux server, a board) is
		# killed and the test fails.
		# A process still exiting (a tmux server told to go a moment
		# ago) gets ten seconds to be gone.
		left=$(leftovers "$tag")
		n=0
		while [ -n "$left" ] && [ $n -lt 20 ]; do
			sleep 0.5
			n=$((n + 1))
			left=$(leftovers "$tag")
		done
		if [ -n "$left" ]; then
			{
				echo "FAIL: processes left running after the test:"
				for p in $left; do
					tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null
					echo " (pid $p)"
				done
			} >>"$LOG/$name.log"
			kill -9 $left 2>/dev/null
			rc=97
		fi
		# A cluster of its own the test left running (it crashed
		# before stopping it) is stopped, and the test fails.
		for pid in $(find "$tmp" -path '*/data/postmaster.pid' 2>/dev/null); do
			sh scripts/pg-cluster.sh stop "${pid%/data/postmaster.pid}"
			echo "FAIL: a PostgreSQL cluster was left running" >>"$LOG/$name.log"
			rc=98
		done
		rm -rf "$tmp"
		if ls "$san"/* >/dev/null 2>&1; then
			cat "$san"/* >>"$LOG/$name.log"
			rc=99
		fi
		echo "$(($(date +%s) - start))" >"$LOG/$name.secs"
		echo "$rc" >"$LOG/$name.rc"
	) &
}

# The CLI scenarios run longest (hundreds of processes each), so they
# start first and the pool does not end on one long test.
tests=""
# (A scenario marked "# engines: pg" runs on PostgreSQL only.)
sqlite_too() { ! grep -q '^# engines: pg$' "$1"; }
for t in tests/cli/*.sh; do
	[ "$SCENARIOS" = valgrind ] && break
	[ -f "$t" ] && sqlite_too "$t" && tests="$tests cli/$(basename "$t" .sh)"
done
# ... and once more on PostgreSQL, those that say they run on both.
for t in tests/cli/*.sh tests/tui/*.sh; do
	[ "$SCENARIOS" = valgrind ] && break
	grep -q '^# engines:.* pg' "$t" 2>/dev/null &&
		tests="$tests pg/$(basename "$(dirname "$t")")/$(basename "$t" .sh)"
done
for t in tests/tui/*.sh; do
	[ -f "$t" ] && sqlite_too "$t" || continue
	[ "$SCENARIOS" = valgrind ] && [ "$t" != tests/tui/valgrind.sh ] && continue
	tests="$tests tui/$(basename "$t" .sh)"
done
for t in "$BUILD"/fuzz/fuzz_*; do
	[ -x "$t" ] && tests="$tests fuzz/$(basename "$t")"
done
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] && tests="$tests unit/$(basename "$t")"
done
# Unit tests on the shared fixture run on PostgreSQL too when their source
# says so (OKNO_TEST_ENGINE=pg: the fixture's database is in the cluster).
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] && grep -q 'engines: sqlite pg' \
		"tests/unit/$(basename "$t").c" 2>/dev/null &&
		tests="$tests pg/unit/$(basename "$t")"
done

running=0
for name in $tests; do
	case "$name" in *"$PATTERN"*) ;; *) continue ;; esac
	case "$name" in
	unit/*) run_one "$name" "$BUILD/tests/${name#unit/}" ;;
	cli/*) run_one "$name" sh "tests/cli/${name#cli/}.sh" ;;
	pg/unit/*) run_one "$name" env OKNO_TEST_ENGINE=pg \
		"$BUILD/tests/${name#pg/unit/}" ;;
	pg/*) run_one "$name" env OKNO_TEST_ENGINE=pg sh "tests/${name#pg/}.sh" ;;
	tui/*) run_one "$name" sh "tests/tui/${name#tui/}.sh" ;;
	fuzz/*)
		f=${name#fuzz/fuzz_}
		run_one "$name" "$BUILD/$name" "tests/fuzz/corpus/$f" \
			"tests/fuzz/regress/$f" ;;
	esac
	running=$((running + 1))
	if [ "$running" -ge "$JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

pass=0 fail=0
for name in $tests; do
	[ -f "$LOG/$name.rc" ] || continue
	rc=$(cat "$LOG/$name.rc")
	if [ "$rc" -eq 0 ]; then
		pass=$((pass + 1))
		echo "PASS $name ($(cat "$LOG/$name.secs" 2>/dev/null)s)"
	else
		fail=$((fail + 1))
		echo "FAIL $name (exit $rc, log $LOG/$name.log)"
		tail -n 25 "$LOG/$name.log" | sed 's/^/    /'
	fi
done
echo "$BUILD: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
