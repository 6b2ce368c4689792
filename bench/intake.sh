#!/bin/sh
# Durability benchmarks (issue 8), numbers for bench/README.md:
#   - sustained intakes/s (create + accept, two durable commits each) with
#     1 and 8 concurrent writer processes on one database;
#   - recovery after 8 workers are killed with SIGKILL: reopen + first read,
#     and the full consistency check;
#   - okno backup of a database with BENCH_LINES (default 1,000,000)
#     journal lines, and okno backup --check of the copy;
#   - the long crash run: test_crash with BENCH_KILLS (default 2000)
#     SIGKILLs (make check runs 200).
# Env: BENCH_SECONDS (default 10) per intake run.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECS=${BENCH_SECONDS:-10}
LINES=${BENCH_LINES:-1000000}
export OKNO_ROOT="$ROOT" OKNO_FORMS="$ROOT/forms" TZ=Asia/Almaty LANG=C.UTF-8
W=$(mktemp -d "${TMPDIR:-/tmp}/okno-bench-intake.XXXXXX")
trap 'rm -rf "$W"' 0 1 15

make --no-print-directory build/bench/intake build/okno build/tests/test_crash \
	>/dev/null
B=build/bench/intake
now() { date +%s.%N; }

$B intake 1 "$SECS" "$W/one.db"
$B intake 8 "$SECS" "$W/eight.db"
$B recover "$W/recover.db"

$B fill "$LINES" "$W/big.db"
ls -l "$W/big.db" | awk '{printf "fill: database %.0f MB\n", $5 / 1048576}'
t0=$(now)
build/okno --db "$W/big.db" backup "$W/copy.db" >/dev/null
t1=$(now)
build/okno backup --check "$W/copy.db" >/dev/null
t2=$(now)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$LINES" 'BEGIN {
	printf "backup: %d journal lines: okno backup %.1f s (copy + checks), okno backup --check %.1f s\n", n, b - a, c - b }'

CRASH_KILLS=${BENCH_KILLS:-2000} CONC_INTAKES=100 build/tests/test_crash 2>&1 |
	grep -E '^(crash|concurrency|backup):|FAILED|PASSED'
