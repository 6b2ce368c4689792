#!/bin/sh
# check-document on a national journal (issue: the region and the nation):
# a database of a throw-away PostgreSQL 15 cluster (fsync on), an office's
# LOOKUP_OWN lines (default 2,000) written through core by journal_bench,
# then grown in bulk to LOOKUP_LINES lines of LOOKUP_OFFICES other offices
# (default 10,000,000 lines in 200 offices: bench/lookup.sql; about 8 GB
# and a quarter of an hour here); then check-document of 1,000 codes of
# the office's documents and of 1,000 codes nobody issued, each with its
# audit line, as the CLI and the kiosk run it. Target: under 5 ms.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PSQL=${PG_BIN:-/usr/lib/postgresql/15/bin}/psql
PG=$(mktemp -u /tmp/okno-bench-pg.XXXXXX)
trap 'sh "$ROOT/scripts/pg-cluster.sh" stop "$PG"' 0 1 15
make --no-print-directory build/bench/journal_bench >/dev/null
PG_DURABLE=1 sh scripts/pg-cluster.sh start "$PG" >/dev/null
"$PSQL" -X -q -h "$PG" -U okno_owner -d postgres -c "CREATE DATABASE lookup"
URI="postgresql:///lookup?host=$PG&user=okno_owner"
build/bench/journal_bench "${LOOKUP_OWN:-2000}" "$URI" |
	grep -E '^journal_bench|check-document'
start=$(date +%s)
"$PSQL" -X -q -h "$PG" -U okno_owner -d lookup \
	-v lines="${LOOKUP_LINES:-10000000}" -v offices="${LOOKUP_OFFICES:-200}" \
	-f bench/lookup.sql
echo "grown by ${LOOKUP_LINES:-10000000} lines in $(($(date +%s) - start)) s"
build/bench/journal_bench lookup "$URI"
