#!/bin/sh
# Many windows of many offices accepting at once, side by side on both
# engines (issue: okno on PostgreSQL): SQLite with 8 windows of one office
# on one file (synchronous=FULL), then PostgreSQL 15 with REGION_OFFICES x
# REGION_WINDOWS (default 20 x 5 = 100) windows on one database of a
# throw-away cluster (fsync and synchronous commits on), REGION_SECONDS
# each (default 20). Each prints intakes/s, p50 and p99 of one intake
# (create + accept), the windows that saw an error, and the check of the
# numbers and chains afterwards.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECS=${REGION_SECONDS:-20}
OFFICES=${REGION_OFFICES:-20}
WINDOWS=${REGION_WINDOWS:-5}
export OKNO_ROOT="$ROOT" OKNO_FORMS="$ROOT/forms" TZ=Asia/Almaty LANG=C.UTF-8
export OKNO_CRYPT_COST=1
W=$(mktemp -d "${TMPDIR:-/tmp}/okno-bench-region.XXXXXX")
PG=$(mktemp -u /tmp/okno-bench-pg.XXXXXX)
trap 'sh "$ROOT/scripts/pg-cluster.sh" stop "$PG"; rm -rf "$W"' 0 1 15

make --no-print-directory build/bench/region >/dev/null
build/bench/region 1 8 "$SECS" "$W/region.db"

PG_DURABLE=1 sh scripts/pg-cluster.sh start "$PG" >/dev/null
"${PG_BIN:-/usr/lib/postgresql/15/bin}/psql" -X -q -h "$PG" -U okno_owner \
	-d postgres -c "CREATE DATABASE region"
build/bench/region "$OFFICES" "$WINDOWS" "$SECS" \
	"postgresql:///region?host=$PG&user=okno_owner"
