#!/bin/sh
# A throw-away PostgreSQL 15 cluster for the tests: initdb into DIR as the
# `postgres` user (as yourself when not root), listening on a Unix socket
# in DIR only (no TCP port), with the two roles okno's schema expects:
# okno_owner (owns the schemas, may create databases) and okno (what the
# windows connect as). Durability is off: the cluster lives for one run.
#   scripts/pg-cluster.sh start DIR   DIR must not exist; prints DIR
#   scripts/pg-cluster.sh stop DIR    stops the server and removes DIR
# Clients reach it as postgresql:///DB?host=DIR&user=okno_owner.
set -eu
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-}
dir=${2:-}
[ -n "$dir" ] || { echo "usage: scripts/pg-cluster.sh start|stop DIR" >&2; exit 2; }

as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

case $cmd in
start)
	mkdir "$dir"
	chmod 711 "$dir" # the socket is reached by any local user
	[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
	if ! as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
		--locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		exit 1
	fi
	if ! as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 \
		-o "-c listen_addresses='' -k $dir -c fsync=off \
-c synchronous_commit=off -c full_page_writes=off -c max_connections=300 \
-c unix_socket_permissions=0777" start >/dev/null; then
		cat "$dir/server.log" >&2
		as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
		exit 1
	fi
	"$bin/psql" -X -q -h "$dir" -U postgres -d postgres -v ON_ERROR_STOP=1 \
		-c "CREATE ROLE okno_owner LOGIN CREATEDB" \
		-c "CREATE ROLE okno LOGIN" >/dev/null
	echo "$dir"
	;;
stop)
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	;;
*)
	echo "usage: scripts/pg-cluster.sh start|stop DIR" >&2
	exit 2
	;;
esac
