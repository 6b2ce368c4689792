#!/bin/sh
# Run every test against one build directory: the cmocka unit tests, the CLI
# shell tests and the tmux-driven kiosk scenarios. One log per test under
# BUILD/log/; a sanitizer report anywhere fails the test that produced it.
# Usage: scripts/run-tests.sh BUILD [PATTERN]
set -u
BUILD=${1:-build}
PATTERN=${2:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
LOG=$BUILD/log
SAN=$BUILD/san
rm -rf "$LOG" "$SAN"
mkdir -p "$LOG/unit" "$LOG/cli" "$LOG/tui" "$SAN"

export OKNO="$ROOT/$BUILD/okno"
export OKNO_ROOT="$ROOT"
export OKNO_FORMS="$ROOT/forms"
export TZ=Asia/Almaty LANG=C.UTF-8 LC_ALL=C.UTF-8
export ASAN_OPTIONS="log_path=$ROOT/$SAN/asan:detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="log_path=$ROOT/$SAN/ubsan:print_stacktrace=1:halt_on_error=1"
unset OKNO_DB OKNO_PASSWORD_FILE OKNO_NEW_PASSWORD_FILE

pass=0 fail=0 failed=""
run_one() {
	name=$1; shift
	case "$name" in *"$PATTERN"*) ;; *) return ;; esac
	tmp=$(mktemp -d)
	if TMPDIR="$tmp" "$@" >"$LOG/$name.log" 2>&1; then rc=0; else rc=$?; fi
	rm -rf "$tmp"
	if ls "$SAN"/* >/dev/null 2>&1; then
		cat "$SAN"/* >>"$LOG/$name.log"
		rm -f "$SAN"/*
		rc=99
	fi
	if [ "$rc" -eq 0 ]; then
		pass=$((pass + 1)); echo "PASS $name"
	else
		fail=$((fail + 1)); failed="$failed $name"
		echo "FAIL $name (exit $rc, log $LOG/$name.log)"
		tail -n 25 "$LOG/$name.log" | sed 's/^/    /'
	fi
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	run_one "unit/$(basename "$t")" "$t"
done
for t in tests/cli/*.sh; do
	[ -f "$t" ] || continue
	run_one "cli/$(basename "$t" .sh)" sh "$t"
done
for t in tests/tui/*.sh; do
	[ -f "$t" ] || continue
	run_one "tui/$(basename "$t" .sh)" sh "$t"
done

echo "$BUILD: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
