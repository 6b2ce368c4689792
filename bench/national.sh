#!/bin/sh
# The national view's figures, on throw-away clusters (fsync on):
# Replication lag: a regional database (wal_level=logical) under the
#    intakes of NAT_OFFICES x NAT_WINDOWS windows (default 20 x 5) for
#    NAT_SECONDS (default 20), published to a national database on a
#    second cluster that subscribes to it. Sampled every 0.5 s: the last
#    journal line committed on the region, and the time until the national
#    copy holds it (psql's own ~20 ms per poll included); and, once the run and
#    its checks end, how much longer the national copy takes to hold every
#    journal line.
# Target: lag under 2 s at 100 intakes/s. (check-document on 10,000,000
# lines: bench/lookup.sh; the regional worklist's first page:
# bench/region.sh.)
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECS=${NAT_SECONDS:-20}
OFFICES=${NAT_OFFICES:-20}
WINDOWS=${NAT_WINDOWS:-5}
PSQL=${PG_BIN:-/usr/lib/postgresql/15/bin}/psql
PGDUMP=${PG_BIN:-/usr/lib/postgresql/15/bin}/pg_dump
export OKNO_ROOT="$ROOT" OKNO_FORMS="$ROOT/forms" TZ=Asia/Almaty LANG=C.UTF-8
export OKNO_CRYPT_COST=1
W=$(mktemp -d "${TMPDIR:-/tmp}/okno-bench-national.XXXXXX")
REG=$(mktemp -u /tmp/okno-bench-pg.XXXXXX)
NAT=$(mktemp -u /tmp/okno-bench-pg.XXXXXX)
trap 'kill $(cat "$W/sampler" 2>/dev/null) 2>/dev/null; sh "$ROOT/scripts/pg-cluster.sh" stop "$NAT"; sh "$ROOT/scripts/pg-cluster.sh" stop "$REG"; rm -rf "$W"' 0 1 15

make --no-print-directory build/bench/region >/dev/null
PG_DURABLE=1 PG_LOGICAL=1 sh scripts/pg-cluster.sh start "$REG" >/dev/null
PG_DURABLE=1 sh scripts/pg-cluster.sh start "$NAT" >/dev/null
for c in "$REG" "$NAT"; do
	"$PSQL" -X -q -h "$c" -U okno_owner -d postgres -c "CREATE DATABASE region"
done

# Once the offices exist: the same schema nationally, the publication and
# the subscription, its first copy done.
cat >"$W/subscribe.sh" <<EOF
set -e
"$PGDUMP" --schema-only -h "$REG" -U okno_owner region |
	"$PSQL" -X -q -h "$NAT" -U okno_owner -d region >/dev/null
"$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$REG" -U okno_owner -d region -f "$ROOT/docs/publish.sql"
"$PSQL" -X -q -h "$NAT" -U postgres -d region -c "CREATE SUBSCRIPTION bench_region CONNECTION 'host=$REG dbname=region user=postgres' PUBLICATION okno_region, okno_audit"
i=0
until [ "\$("$PSQL" -X -At -h "$NAT" -U postgres -d region -c "SELECT count(*) FROM pg_subscription_rel WHERE srsubstate <> 'r'")" = 0 ]; do
	i=\$((i + 1)); [ \$i -lt 600 ] || exit 1; sleep 0.1
done
# Sample the lag while the windows work: the last journal line committed
# on the region, and how long until the national copy holds it.
( while :; do
	t0=\$(date +%s.%N)
	id=\$("$PSQL" -X -At -h "$REG" -U okno_owner -d region -c "SELECT COALESCE(max(id), 0) FROM journal")
	until [ "\$("$PSQL" -X -At -h "$NAT" -U okno_owner -d region -c "SELECT count(*) FROM journal WHERE id = \$id")" = 1 ] || [ "\$id" = 0 ]; do
		sleep 0.02
	done
	echo "\$t0 \$(date +%s.%N)" | awk '{ printf "%.3f\\n", \$2 - \$1 }' >>"$W/lag"
	sleep 0.5
done ) </dev/null >/dev/null 2>&1 &
echo \$! >"$W/sampler"
EOF
REGION_AFTER_SETUP="sh $W/subscribe.sh" build/bench/region "$OFFICES" "$WINDOWS" \
	"$SECS" "postgresql:///region?host=$REG&user=okno_owner"
t0=$(date +%s.%N)
want=$("$PSQL" -X -At -h "$REG" -U okno_owner -d region -c "SELECT count(*) FROM journal")
i=0
until [ "$("$PSQL" -X -At -h "$NAT" -U okno_owner -d region -c "SELECT count(*) FROM journal")" = "$want" ]; do
	i=$((i + 1))
	[ $i -lt 2400 ] || { echo "national.sh: the national copy did not catch up" >&2; exit 1; }
	sleep 0.05
done
t1=$(date +%s.%N)
kill "$(cat "$W/sampler")" 2>/dev/null || true
sort -g "$W/lag" | awk -v t0="$t0" -v t1="$t1" -v lines="$want" '
	{ v[NR] = $1 }
	END {
		printf "replication lag (%d samples): p50 %.2f s, max %.2f s; " \
			"all %d journal lines held nationally %.2f s after the run and its checks ended " \
			"(target: under 2 s)\n", NR, v[int((NR + 1) / 2)], v[NR], lines, t1 - t0
	}'
