#!/bin/sh
# The office journal at scale (issue 4): build bench/journal_bench.c and run
# it on a fresh database of JOURNAL_BENCH_LINES lines (default 1,000,000;
# about 2.5 GB under $TMPDIR, removed afterwards).
set -eu
cd "$(dirname "$0")/.."
make --no-print-directory build/bench/journal_bench
db=${TMPDIR:-/tmp}/okno-journal-bench.$$.db
trap 'rm -f "$db" "$db-wal" "$db-shm"' 0 1 15
build/bench/journal_bench "${JOURNAL_BENCH_LINES:-1000000}" "$db"
