#!/bin/sh
# CLI scenario for copies of a database on a PostgreSQL server: okno backup
# and okno restore refuse it plainly, pointing to pg_dump (they copy only a
# SQLite file); the procedure README gives instead (pg_dump -Fc as the
# schema's owner, pg_restore into an empty database, okno journal verify
# and audit verify on it) works, and finds a copy changed behind okno's
# back.
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory.
# engines: pg
set -eu

NAME=pgbackup
. tests/cli/lib.inc
export OKNO_NOW=2026-03-20T10:00:00
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

init_office
add_user ivanov "Иванов Иван Иванович" "старший инспектор" inspector
add_user operator "Жумабаева Айгуль Маратовна" "оператор журнала" operator
add_user auditor "Ким Олег" "аудитор" auditor
step="an accepted case"
expect_rc 0 as operator journal book open registration --pages 100
expect_rc 0 as ivanov case new --service registration --json "$FIX/registration.json"
id=$(cat "$T/out")
expect_rc 0 as ivanov case event "$id" accept

step="okno backup refuses"
expect_rc 2 as operator backup "$T/copy.db"
expect_err "pg_dump -Fc"
[ ! -e "$T/copy.db" ] || fail "a file was written"
expect_rc 2 env "$OKNO" --db "$DB" backup "$T/copy.db"
expect_err "pg_dump -Fc"
step="okno restore refuses"
: >"$T/copy.db"
expect_rc 2 as admin restore "$T/copy.db"
expect_err "pg_dump -Fc"
[ "$(q "SELECT count(*) FROM cases")" -eq 1 ] || fail "the database changed"

step="pg_dump, pg_restore into an empty database, verify there"
"$BIN/pg_dump" -Fc -h "$OKNO_PG_HOST" -U okno_owner -d "$PGDB" \
	-f "$T/okno.dump" || fail "pg_dump"
check_copy() { # a new database from the dump: $CHECK
	CHECK=${PGDB}_check
	"$PSQL" -X -q -h "$OKNO_PG_HOST" -U okno_owner -d postgres \
		-c "DROP DATABASE IF EXISTS $CHECK" -c "CREATE DATABASE $CHECK" ||
		fail "create $CHECK"
	"$BIN/pg_restore" -h "$OKNO_PG_HOST" -U okno_owner -d "$CHECK" \
		--exit-on-error "$T/okno.dump" || fail "pg_restore"
}
check_copy
CDB="postgresql:///$CHECK?host=$OKNO_PG_HOST&user=okno_owner"
expect_rc 0 env OKNO_PASSWORD_FILE="$T/pw.auditor" "$OKNO" --db "$CDB" \
	--as auditor journal verify
expect_rc 0 env OKNO_PASSWORD_FILE="$T/pw.auditor" "$OKNO" --db "$CDB" \
	--as auditor audit verify
expect_out "intact"
step="a copy changed behind okno's back"
"$PSQL" -X -q -h "$OKNO_PG_HOST" -U okno_owner -d "$CHECK" -c \
	"ALTER TABLE journal DISABLE TRIGGER USER; UPDATE journal SET content = content || ' '" ||
	fail "tamper journal"
expect_rc 1 env OKNO_PASSWORD_FILE="$T/pw.auditor" "$OKNO" --db "$CDB" \
	--as auditor journal verify
check_copy
"$PSQL" -X -q -h "$OKNO_PG_HOST" -U okno_owner -d "$CHECK" -c \
	"ALTER TABLE audit DISABLE TRIGGER USER; UPDATE audit SET origin = 'x' WHERE id = 3" ||
	fail "tamper audit"
expect_rc 1 env OKNO_PASSWORD_FILE="$T/pw.auditor" "$OKNO" --db "$CDB" \
	--as auditor audit verify
expect_err "audit line 3: content changed"

echo "cli/pgbackup: all checks passed"
