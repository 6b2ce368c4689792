#!/bin/sh
# The office journal at scale: build bench/journal_bench.c and run it on a
# fresh database of JOURNAL_BENCH_LINES lines (default 1,000,000) on both
# engines, side by side: a SQLite file (about 2.5 GB under $TMPDIR), then
# a database of a throw-away PostgreSQL 15 cluster (fsync on; skipped with
# JOURNAL_BENCH_PG=0); both removed afterwards. Appending, verify, the
# look-ups and check-document, each against its target.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
make --no-print-directory build/bench/journal_bench
db=${TMPDIR:-/tmp}/okno-journal-bench.$$.db
PG=$(mktemp -u /tmp/okno-bench-pg.XXXXXX)
trap 'rm -f "$db" "$db-wal" "$db-shm"; sh "$ROOT/scripts/pg-cluster.sh" stop "$PG"' 0 1 15
echo "-- SQLite"
build/bench/journal_bench "${JOURNAL_BENCH_LINES:-1000000}" "$db"
rm -f "$db" "$db-wal" "$db-shm"
[ "${JOURNAL_BENCH_PG:-1}" = 0 ] && exit 0
echo "-- PostgreSQL"
PG_DURABLE=1 sh scripts/pg-cluster.sh start "$PG" >/dev/null
"${PG_BIN:-/usr/lib/postgresql/15/bin}/psql" -X -q -h "$PG" -U okno_owner \
	-d postgres -c "CREATE DATABASE journal"
build/bench/journal_bench "${JOURNAL_BENCH_LINES:-1000000}" \
	"postgresql:///journal?host=$PG&user=okno_owner"
