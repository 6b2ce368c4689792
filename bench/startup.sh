#!/bin/sh
# Start-up of the kiosk on a big database: a journal of N lines (default
# 1,000,000, with as many accepted cases) made by bench/bigjournal through
# core's journal_append (chain and numbering as the kiosk writes them, one
# transaction), then bench/firstpaint times okno on a pty from fork to its
# first byte and to the end of its first paint, and reads its peak memory
# (max RSS). Median of 5 runs per case. Not part of make check.
# Then the same on PostgreSQL, side by side (STARTUP_PG=0 skips it): a
# database of a throw-away PostgreSQL 15 cluster (fsync on, Unix socket)
# made by okno init with the same accounts, its journal grown to LINES
# lines by bench/journal_grow.sql (chained as core chains them), okno
# connecting as the windows' role `okno`; the cluster is removed after.
# Targets (issue 5): first screen < 50 ms; memory < 16 MB.
# Usage: bench/startup.sh [LINES] [OKNO]   (needs `make` to have run)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-1000000}
OKNO=${2:-$ROOT/okno}
BUILD=${BUILD:-$ROOT/build}
W=$(mktemp -d)
PG=$(mktemp -u /tmp/okno-bench-pg.XXXXXX)
trap 'rm -rf "$W"; sh "$ROOT/scripts/pg-cluster.sh" stop "$PG"' 0 1 15
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Asia/Almaty OKNO_NOW=2026-03-20T10:00:00
export OKNO_FORMS="$ROOT/forms" HOME="$W"

CFL="-std=c11 -D_GNU_SOURCE -O2 $(pkg-config --cflags ncursesw sqlite3 jansson 2>/dev/null) -I$ROOT/core"
LIBS="$(pkg-config --libs sqlite3 libpq jansson libcrypto libcrypt libutf8proc 2>/dev/null || echo -lsqlite3 -lpq -ljansson -lcrypto -lcrypt -lutf8proc) -lm"
cc $CFL -o "$W/firstpaint" "$ROOT/bench/firstpaint.c" -lutil
# shellcheck disable=SC2086
cc $CFL -o "$W/bigjournal" "$ROOT/bench/bigjournal.c" \
	$(ls "$BUILD"/core/*.o) $LIBS

# STARTUP_DB=FILE keeps the big database between runs (made when missing).
DB=${STARTUP_DB:-$W/big.db}
p() { printf '%s\n' "$1" >"$W/$2"; }
p admin-first-1 a0; p admin-pass-12 a1; p ivanov-first1 i0; p ivanov-pass1 i1
# accounts DB: the office, its administrator and the inspector at window 3.
accounts() {
OKNO_PASSWORD_FILE=$W/a0 "$OKNO" --db "$1" init --training --office OVD-1 \
	--name "УМП ОП Медеуского района" --region "г. Алматы" >/dev/null
OKNO_PASSWORD_FILE=$W/a0 OKNO_NEW_PASSWORD_FILE=$W/a1 \
	"$OKNO" --db "$1" --as admin passwd >/dev/null
OKNO_PASSWORD_FILE=$W/a1 OKNO_NEW_PASSWORD_FILE=$W/i0 "$OKNO" --db "$1" \
	--as admin user add ivanov --name "Иванов Иван Иванович" \
	--position "старший инспектор" --role inspector >/dev/null
OKNO_PASSWORD_FILE=$W/i0 OKNO_NEW_PASSWORD_FILE=$W/i1 \
	"$OKNO" --db "$1" --as ivanov passwd >/dev/null
OKNO_PASSWORD_FILE=$W/a1 "$OKNO" --db "$1" --as admin window set 3 ivanov \
	>/dev/null
}
if [ -s "$DB" ]; then
	echo "reusing $DB"
else
accounts "$DB"
t=$(date +%s)
"$W/bigjournal" "$DB" ivanov "$N"
echo "generated $N cases and journal lines in $(( $(date +%s) - t )) s," \
	"$(du -m "$DB" | cut -f1) MB"
fi

# median FIELD FILE
median() {
	sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$2" | sort -n | sed -n 3p
}
run() {
	label=$1; shift
	for term in xterm vt100; do
		: >"$W/r"
		for i in 1 2 3 4 5; do
			"$W/firstpaint" -t $term -- "$@" >>"$W/r"
		done
		printf '%-22s %-6s first byte %6s ms  first paint %6s ms' \
			"$label" $term "$(median first_byte_ms "$W/r")" \
			"$(median first_paint_ms "$W/r")"
		printf '  %5s B  max RSS %6s kB  CPU %6s ms\n' \
			"$(median paint_bytes "$W/r")" \
			"$(median max_rss_kb "$W/r")" "$(median cpu_ms "$W/r")"
	done
}
# The floor on this machine: fork, exec and the pty for a program that
# prints one line.
run "baseline (/bin/echo)" /bin/echo okno
run "login screen" "$OKNO" --db "$DB"
# The shortcut with the password file: the same plus the password check
# (yescrypt, deliberately slow) and the intake form.
OKNO_PASSWORD_FILE=$W/i1 run "intake (--as, password)" \
	"$OKNO" --db "$DB" --as ivanov intake registration

[ "${STARTUP_PG:-1}" = 0 ] && exit 0
PG_DURABLE=1 sh "$ROOT/scripts/pg-cluster.sh" start "$PG" >/dev/null
"${PG_BIN:-/usr/lib/postgresql/15/bin}/psql" -X -q -h "$PG" -U okno_owner \
	-d postgres -c "CREATE DATABASE startup"
accounts "postgresql:///startup?host=$PG&user=okno_owner"
t=$(date +%s)
"${PG_BIN:-/usr/lib/postgresql/15/bin}/psql" -X -q -h "$PG" -U okno_owner \
	-d startup -v lines="$N" -f "$ROOT/bench/journal_grow.sql" >/dev/null
echo "PostgreSQL: grown to $N journal lines in $(( $(date +%s) - t )) s"
URI="postgresql:///startup?host=$PG&user=okno"
run "PG login screen" "$OKNO" --db "$URI"
OKNO_PASSWORD_FILE=$W/i1 run "PG intake (--as)" \
	"$OKNO" --db "$URI" --as ivanov intake registration
