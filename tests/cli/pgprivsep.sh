#!/bin/sh
# Privilege separation when the office's database is on PostgreSQL, with
# real Unix accounts: okno installed setgid to the group okno, okno.conf
# naming the server's URI (role okno) and database_password_file, a file
# of root's only the group okno may read (0640 root:okno), with the
# role's password; the server's pg_hba asks the role okno for its password
# on the socket and lets no window's account in as another role. A
# window's account then reaches the database only through okno: psql as
# okno (no password), as the schema's owner or as postgres is refused, the
# password file cannot be read, PG* variables are not taken in; okno
# itself works. The cluster is the test's own (scripts/pg-cluster.sh);
# accounts, groups and /etc/okno exist only in the test's mount namespace
# (tests/ns.inc) and are removed at the end.
set -eu
NAME=pgprivsep
. tests/ns.inc
. tests/cli/lib.inc
unset OKNO_FORMS OKNO_NOW OKNO_CRYPT_COST
[ "$(id -u)" = 0 ] || fail "pgprivsep needs root"
. tests/setgid.inc
PGBIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PGC=$O/pg
cleanup() {
	sh "$ROOT/scripts/pg-cluster.sh" stop "$PGC" 2>/dev/null || true
	setgid_cleanup
}
trap cleanup 0 1 15

step="accounts, groups, the layout"
setgid_server
setgid_account okt-win1
setgid_account okt-out outside

step="the server: the role okno by password, no one else from a window"
sh "$ROOT/scripts/pg-cluster.sh" start "$PGC" >/dev/null || fail "cluster"
ROLEPW='okno-role-Kx7-pw'
"$PGBIN/psql" -X -q -h "$PGC" -U postgres -d postgres -v ON_ERROR_STOP=1 \
	-c "ALTER ROLE okno PASSWORD '$ROLEPW'" \
	-c "CREATE DATABASE okt OWNER okno_owner" >/dev/null || fail "roles"
printf '%s\n' "local all postgres peer map=adm" \
	"local all okno_owner peer map=adm" \
	"local all okno scram-sha-256" |
	runuser -u postgres -- tee "$PGC/data/pg_hba.conf" >/dev/null
printf '%s\n' "adm root postgres" "adm postgres postgres" "adm root okno_owner" |
	runuser -u postgres -- tee "$PGC/data/pg_ident.conf" >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGC/data" reload >/dev/null ||
	fail "reload"
# The reload is read at the next connection: wait until trust is gone.
n=100
while run_as=$(runuser -u okt-out -- "$PGBIN/psql" -X -h "$PGC" -U postgres \
	-d postgres -Atc "select 1" 2>/dev/null) && [ "$run_as" = 1 ]; do
	n=$((n - 1)); [ "$n" -gt 0 ] || fail "pg_hba not taken"; sleep 0.1
done
OWNER_URI="postgresql:///okt?host=$PGC&user=okno_owner"
URI="postgresql:///okt?host=$PGC&user=okno"
setgid_conf "database = $URI" \
	"database_password_file = /etc/okno/db-password" "forms = $O/forms" \
	"timezone = Asia/Almaty" "windows_group = okno-windows"
printf '%s\n' "$ROLEPW" >/etc/okno/db-password
chown root:okno /etc/okno/db-password
chmod 640 /etc/okno/db-password

step="init by root as the schema's owner"
DB=$OWNER_URI
ENGINE=pg PGDB=okt OKNO_PG_HOST=$PGC # q: psql as root (peer, okno_owner)
printf '%s\n' 'первый-пароль-1' >"$T/first"
printf '%s\n' 'админ-пароль-2' >"$T/pw.admin"
expect_rc 0 env OKNO_PASSWORD_FILE="$T/first" "$OKNO" --db "$OWNER_URI" init \
	--office A01 --name "Медеуский РУП ДП г. Алматы" --region "ДП г. Алматы"
expect_rc 0 env OKNO_PASSWORD_FILE="$T/first" OKNO_NEW_PASSWORD_FILE="$T/pw.admin" \
	"$OKNO" --db "$OWNER_URI" --as admin passwd
expect_rc 0 env OKNO_PASSWORD_FILE="$T/pw.admin" OKNO_NEW_PASSWORD_FILE="$T/first" \
	"$OKNO" --db "$OWNER_URI" --as admin user add ivanov --name "Тестов Иван" \
	--position "-" --role inspector
expect_rc 0 env OKNO_PASSWORD_FILE="$T/pw.admin" "$OKNO" --db "$OWNER_URI" \
	--as admin user bind ivanov okt-win1
PW0=$(pwfile okt-win1 first 'первый-пароль-1')
PW1=$(pwfile okt-win1 pw 'пароль-ivanov-2')

step="okno, installed setgid, reaches the database for the window"
expect_rc 0 run okt-win1 env OKNO_PASSWORD_FILE=$PW0 \
	OKNO_NEW_PASSWORD_FILE=$PW1 $OK --as ivanov passwd
expect_rc 0 run okt-win1 env OKNO_PASSWORD_FILE=$PW1 $OK --as ivanov case new \
	--service registration --json "$(today_registration)"
id=$(cat "$T/out")
[ "$(q "SELECT count(*) FROM cases WHERE id = $id")" = 1 ] || fail "no case"
[ "$(q "SELECT login FROM audit WHERE action = 'case.new'")" = ivanov ] ||
	fail "no audit line"
# PG* variables a window sets are not taken in (another role, host, a
# password of its own).
expect_rc 0 run okt-win1 env PGUSER=okno_owner PGHOST=/nonexistent \
	PGPASSWORD=wrong PGSERVICEFILE=$O/home/okt-win1/x OKNO_PASSWORD_FILE=$PW1 \
	$OK --as ivanov case list
expect_out "$id"

step="a window's account cannot reach the database but through okno"
cases=$(q "SELECT count(*) FROM cases")
for role in okno okno_owner postgres; do
	expect_rc 2 run okt-win1 "$PGBIN/psql" -X -w -h "$PGC" -U "$role" -d okt \
		-c "DELETE FROM cases"
	case $role in
	okno) expect_err "no password supplied" ;;
	*) expect_err "Peer authentication failed" ;;
	esac
done
expect_rc 1 run okt-win1 cat /etc/okno/db-password
expect_err "Permission denied"
expect_rc 2 run okt-win1 env PGPASSFILE=/etc/okno/db-password "$PGBIN/psql" \
	-X -w -h "$PGC" -U okno -d okt -c "DELETE FROM cases"
expect_err "no password supplied"
[ "$(q "SELECT count(*) FROM cases")" = "$cases" ] || fail "cases changed"

step="a password file others may read is refused"
chmod 644 /etc/okno/db-password
expect_rc 1 run okt-win1 env OKNO_PASSWORD_FILE=$PW1 $OK --as ivanov case list
expect_err "доступен всем"
chmod 640 /etc/okno/db-password
expect_rc 0 run okt-win1 env OKNO_PASSWORD_FILE=$PW1 $OK --as ivanov case list
echo "cli/pgprivsep: all checks passed"
