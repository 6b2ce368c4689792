#!/bin/sh
# A throw-away PostgreSQL 15 cluster for the tests: initdb into DIR as the
# `postgres` user (as yourself when not root), listening on a Unix socket
# in DIR only (no TCP port), with the two roles okno's schema expects:
# okno_owner (owns the schemas, may create databases) and okno (what the
# windows connect as). Durability is off: the cluster lives for one run.
#   scripts/pg-cluster.sh start DIR [PORT]   DIR must not exist; prints DIR
#   scripts/pg-cluster.sh stop DIR           stops the server, removes DIR
#   scripts/pg-cluster.sh down|up DIR        stops / starts the server only
#                                            (a server gone away and back)
#   scripts/pg-cluster.sh standby DIR PRIMARY_DIR
#                                            a hot standby of the cluster in
#                                            PRIMARY_DIR (pg_basebackup,
#                                            streaming), on its own socket
#                                            in DIR; stop it like the others
# Clients reach it as postgresql:///DB?host=DIR&user=okno_owner (with a
# PORT, postgresql:///DB?host=DIR&port=PORT&...). PG_DURABLE=1 keeps
# fsync and synchronous commits on (the benchmarks, beside SQLite's FULL).
#
# With PORT the server also listens on 127.0.0.1:PORT for TLS only, as a
# regional server does over a WAN: a throw-away CA (DIR/tls/ca.crt) signs
# the server's certificate (localhost, 127.0.0.1) and a client certificate
# for each role (DIR/tls/ROLE.crt, ROLE.key); a TCP client must present
# one (pg_hba "hostssl ... cert"), and plain TCP is refused. DIR/tls/
# other-ca.crt is a CA that signed nothing of this cluster's.
#
# PG_LOGICAL=1 starts the server with wal_level=logical, so its databases'
# publications can feed a subscriber (a regional database read by the
# national one).
set -eu
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-}
dir=${2:-}
port=${3:-}
[ -n "$dir" ] || { echo "usage: scripts/pg-cluster.sh start|stop DIR [PORT]" >&2; exit 2; }

as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# key NAME: a new P-256 key DIR/tls/NAME.key (mode 0600)
key() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
		-out "$t/$1.key" 2>/dev/null
	chmod 600 "$t/$1.key"
}

# cert NAME CN [EXT]: NAME.crt for NAME.key, signed by the test CA
cert() {
	openssl req -new -key "$t/$1.key" -subj "/CN=$2" -out "$t/$1.csr"
	printf '%s\n' "${3:-basicConstraints=CA:FALSE}" >"$t/$1.ext"
	openssl x509 -req -in "$t/$1.csr" -CA "$t/ca.crt" -CAkey "$t/ca.key" \
		-CAcreateserial -days 2 -extfile "$t/$1.ext" -out "$t/$1.crt" \
		2>/dev/null
}

tls_files() {
	t=$dir/tls
	mkdir "$t"
	chmod 711 "$t"
	for ca in ca other-ca; do
		key "$ca"
		openssl req -x509 -new -key "$t/$ca.key" -days 2 \
			-subj "/CN=okno test $ca" -out "$t/$ca.crt"
	done
	key server
	cert server localhost "subjectAltName=DNS:localhost,IP:127.0.0.1"
	for role in okno okno_owner; do
		key "$role"
		cert "$role" "$role"
	done
	chmod 644 "$t"/*.crt
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$t/server.key"
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
	opts="-c listen_addresses='' -k $dir -c max_connections=300 \
-c unix_socket_permissions=0777"
	[ "${PG_LOGICAL:-0}" = 1 ] && opts="$opts -c wal_level=logical"
	[ "${PG_DURABLE:-0}" = 1 ] || opts="$opts -c fsync=off \
-c synchronous_commit=off -c full_page_writes=off"
	if [ -n "$port" ]; then
		tls_files
		t=$dir/tls
		opts="$opts -c listen_addresses=127.0.0.1 -c port=$port -c ssl=on \
-c ssl_cert_file=$t/server.crt -c ssl_key_file=$t/server.key \
-c ssl_ca_file=$t/ca.crt"
		printf '%s\n' "local all all trust" \
			"hostssl all all 127.0.0.1/32 cert" |
			as_pg tee "$dir/data/pg_hba.conf" >/dev/null
	fi
	printf '%s\n' "$opts" >"$dir/server.opts"
	if ! as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 \
		-o "$opts" start >/dev/null; then
		cat "$dir/server.log" >&2
		as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
		exit 1
	fi
	"$bin/psql" -X -q -h "$dir" -p "${port:-5432}" -U postgres -d postgres \
		-v ON_ERROR_STOP=1 \
		-c "CREATE ROLE okno_owner LOGIN CREATEDB" \
		-c "CREATE ROLE okno LOGIN" >/dev/null
	echo "$dir"
	;;
standby)
	primary=${3:-}
	[ -f "$primary/server.opts" ] || {
		echo "scripts/pg-cluster.sh standby: $primary is no cluster" >&2
		exit 2
	}
	mkdir "$dir"
	chmod 711 "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
	# A copy of the primary's files that streams what follows (-R:
	# standby.signal and primary_conninfo over the primary's socket).
	# -c fast: the primary's checkpoint is taken at once, not spread
	# over minutes of checkpoint_completion_target.
	if ! as_pg "$bin/pg_basebackup" -h "$primary" -U postgres \
		-D "$dir/data" -R -X stream -c fast --no-sync >"$dir/basebackup.log" 2>&1; then
		cat "$dir/basebackup.log" >&2
		exit 1
	fi
	opts=$(sed "s|-k $primary|-k $dir|" "$primary/server.opts")
	printf '%s\n' "$opts -c hot_standby=on" >"$dir/server.opts"
	if ! as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 \
		-o "$(cat "$dir/server.opts")" start >/dev/null; then
		cat "$dir/server.log" >&2
		as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
		exit 1
	fi
	echo "$dir"
	;;
down)
	as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	;;
up)
	as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 \
		-o "$(cat "$dir/server.opts")" start >/dev/null
	;;
stop)
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	;;
*)
	echo "usage: scripts/pg-cluster.sh start|stop|down|up DIR [PORT] | standby DIR PRIMARY_DIR" >&2
	exit 2
	;;
esac
