#!/bin/sh
# CLI scenario for copies of a database on a PostgreSQL server: okno
# backup runs the server's own pg_dump -Fc, restores the dump into a
# scratch database of the server, verifies the journal and audit chains
# there, drops it, and only then puts the dump in place (never over an
# existing file without --force), with its audit line; okno backup --check
# does the same check of a dump; a damaged dump, and one whose journal was
# changed behind okno's back, are reported and not accepted. okno restore
# refuses plainly (a dump is restored by pg_restore into a new database):
# the procedure README gives (pg_restore into an empty database, okno
# journal verify and audit verify on it) works on okno's dump, and finds a
# copy changed behind okno's back.
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

step="okno backup: pg_dump, restored and verified, put in place"
expect_rc 5 as ivanov backup "$T/copy.dump"
expect_err "резервное копирование"
expect_rc 0 as operator backup "$T/okno.dump"
expect_out "Резервная копия $T/okno.dump: "
expect_out "подразделений 1, строк журнала 2;"
[ -s "$T/okno.dump" ] || fail "no dump"
[ "$(stat -c %a "$T/okno.dump")" = 600 ] || fail "the dump's mode"
ls -a "$T" | grep -q "okno.dump." && fail "a temporary file was left"
sha=$(sha256sum "$T/okno.dump" | cut -d' ' -f1)
[ "$(q "SELECT count(*) FROM audit WHERE action = 'db.backup' AND detail = '$T/okno.dump sha256 $sha (pg_dump -Fc)'")" -eq 1 ] ||
	fail "no audit line of the backup"
# The scratch database is gone.
[ "$(q "SELECT count(*) FROM pg_database WHERE datname LIKE 'okno_check_%'")" -eq 0 ] ||
	fail "a scratch database was left"
step="an existing dump is not overwritten"
expect_rc 6 as operator backup "$T/okno.dump"
expect_err "уже существует"
[ "$(sha256sum "$T/okno.dump" | cut -d' ' -f1)" = "$sha" ] || fail "the dump changed"
expect_rc 0 as operator backup --force "$T/okno.dump"
step="okno backup --check of the dump"
expect_rc 0 env "$OKNO" --db "$DB" backup --check "$T/okno.dump"
expect_out "подразделений 1, строк журнала 2;"
step="a damaged dump is reported"
cp "$T/okno.dump" "$T/bad.dump"
size=$(stat -c %s "$T/bad.dump")
printf 'XXXXXXXXXXXXXXXX' | dd of="$T/bad.dump" bs=1 seek=$((size / 2)) \
	conv=notrunc 2>/dev/null
expect_rc 1 env "$OKNO" --db "$DB" backup --check "$T/bad.dump"
expect_err "не восстанавливается (pg_restore"
head -c 100 "$T/okno.dump" >"$T/short.dump"
expect_rc 1 env "$OKNO" --db "$DB" backup --check "$T/short.dump"
expect_err "не восстанавливается (pg_restore"
[ "$(q "SELECT count(*) FROM pg_database WHERE datname LIKE 'okno_check_%'")" -eq 0 ] ||
	fail "a scratch database was left"
step="okno restore refuses"
: >"$T/copy.db"
expect_rc 2 as admin restore "$T/copy.db"
expect_err "pg_restore"
[ "$(q "SELECT count(*) FROM cases")" -eq 1 ] || fail "the database changed"

step="okno's dump: pg_restore into an empty database, verify there"
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
step="a dump of a journal changed behind okno's back is reported"
"$BIN/pg_dump" -Fc -h "$OKNO_PG_HOST" -U okno_owner -d "$CHECK" \
	-f "$T/changed.dump" || fail "pg_dump"
expect_rc 1 env "$OKNO" --db "$DB" backup --check "$T/changed.dump"
expect_err "журнал подразделения A01 не проходит проверку: строка изменена (строка 1)"
check_copy
"$PSQL" -X -q -h "$OKNO_PG_HOST" -U okno_owner -d "$CHECK" -c \
	"ALTER TABLE audit DISABLE TRIGGER USER; UPDATE audit SET origin = 'x' WHERE id = 3" ||
	fail "tamper audit"
expect_rc 1 env OKNO_PASSWORD_FILE="$T/pw.auditor" "$OKNO" --db "$CDB" \
	--as auditor audit verify
expect_err "audit line 3: content changed"

echo "cli/pgbackup: all checks passed"
