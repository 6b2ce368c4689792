#!/bin/sh
# okno migrate of an office database file with a big journal into a
# PostgreSQL database (a throw-away PostgreSQL 15 cluster, fsync on): the
# file's office gets MIGRATE_LINES journal lines (default 100,000) written
# by tests/tools/journal_fill, the target its own office; then the move,
# timed (it verifies the file's chains, copies every row in one
# transaction, verifies the chains where they landed, then commits).
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PSQL=${PG_BIN:-/usr/lib/postgresql/15/bin}/psql
DIR=$(mktemp -d /tmp/okno-bench-migrate.XXXXXX)
chmod 711 "$DIR" # the cluster runs as postgres
PG=$DIR/pg
trap 'sh "$ROOT/scripts/pg-cluster.sh" stop "$PG"; rm -rf "$DIR"' 0 1 15
make --no-print-directory build/okno build/tests/tools/journal_fill >/dev/null
PG_DURABLE=1 sh scripts/pg-cluster.sh start "$PG" >/dev/null
export OKNO_CRYPT_COST=1 OKNO_NOW=2026-03-20T10:00:00 TZ=Asia/Almaty
export LANG=C.UTF-8 LC_ALL=C.UTF-8
printf '%s\n' 'первый-пароль-1' >"$DIR/first"
printf '%s\n' 'админ-пароль-2' >"$DIR/admin"
# office DB CODE: a training database of office CODE, its admin's
# password changed.
office() {
	OKNO_PASSWORD_FILE="$DIR/first" build/okno --db "$1" init --training \
		--office "$2" --name "Подразделение $2" --region "ДП г. Алматы" >/dev/null
	OKNO_PASSWORD_FILE="$DIR/first" OKNO_NEW_PASSWORD_FILE="$DIR/admin" \
		build/okno --db "$1" --as admin passwd >/dev/null
}
office "$DIR/office.db" B01
build/tests/tools/journal_fill "$DIR/office.db" B01 admin "${MIGRATE_LINES:-100000}"
"$PSQL" -X -q -h "$PG" -U okno_owner -d postgres -c "CREATE DATABASE region"
URI="postgresql:///region?host=$PG&user=okno_owner"
office "$URI" R01
echo "file: $(du -h "$DIR/office.db" | cut -f1), ${MIGRATE_LINES:-100000} journal lines"
start=$(date +%s.%N)
OKNO_PASSWORD_FILE="$DIR/admin" build/okno --db "$URI" --as admin --quiet \
	migrate "$DIR/office.db" "$URI" | head -n 1 | cut -c1-60
echo "okno migrate: $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
