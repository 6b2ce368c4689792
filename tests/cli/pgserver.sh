#!/bin/sh
# An office server whose /etc/okno/okno.conf names a database on a
# PostgreSQL server (database = postgresql://...), with okno installed
# setgid as the package does it. okno doctor checks what applies to such a
# database: the connection (no file, folder or modes of a database file,
# no disk of the server's), the calendar, the closing lines, the seals, the
# backups (pg_dump files); with --verify the journal and audit chains,
# which it finds broken when a line is changed behind okno's back; a
# database it cannot reach is a failure naming it. okno-backup (the
# package's nightly backup) dumps it with pg_dump -Fc into backup_dir,
# reads the dump back before putting it in place, keeps the newest KEEP;
# the dump restores to the same data; a dump that fails (a role that may
# not read everything) fails with exit 1 and a line in the system log, and
# leaves nothing behind.
# Runs as root (CI); the groups and /etc/okno exist only in this test's own
# mount namespace (tests/ns.inc).
# engines: pg
set -eu
NAME=pgserver
. tests/ns.inc
. tests/cli/lib.inc
unset OKNO_FORMS OKNO_NOW OKNO_CRYPT_COST
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

. tests/setgid.inc
[ "$(id -u)" = 0 ] || fail "pgserver needs root"
trap setgid_cleanup 0 1 15

step="the office server's layout"
setgid_server backups spool
# conf DATABASE: okno.conf naming it.
conf() {
	setgid_conf "database = $1" "forms = $O/forms" "print_dir = $O/spool" \
		"backup_dir = $O/backups" "timezone = Asia/Almaty" \
		"windows_group = okno-windows"
}
conf "$DB"
# The system log, as okno-backup reaches it (logger in PATH).
mkdir -p "$T/bin"
printf '#!/bin/sh\n{ echo "$*"; cat; } >>%s/logger.out\n' "$T" >"$T/bin/logger"
chmod 755 "$T/bin/logger"
BACKUP="env PATH=$T/bin:$O/bin:$PATH sh $ROOT/debian/scripts/okno-backup"

step="init from okno.conf"
printf '%s\n' 'первый-пароль-1' >"$T/first"
expect_rc 0 env OKNO_PASSWORD_FILE="$T/first" $OK init --office A01 \
	--name "Медеуский РУП ДП г. Алматы" --region "ДП г. Алматы"
expect_out "Created $DB"

# doctor ARGS: okno doctor's items other than sshd's (the machine's sshd
# and drop-in are not this test's, and fail it where there are none) in
# $T/doctor; $rc its exit status.
doctor() {
	rc=0
	$OK doctor "$@" >"$T/out" 2>"$T/err" || rc=$?
	grep -v '^[a-zA-Z]* *sshd' "$T/out" >"$T/doctor" || true
}

step="doctor on a PostgreSQL database"
doctor
expect_file "$T/doctor" "ok    база данных: $DB: сервер PostgreSQL, соединение есть, схема "
expect_file "$T/doctor" "ok    календарь: сроки рассчитываются"
expect_file "$T/doctor" "ok    закрытие дня: A01: журнал пуст"
expect_file "$T/doctor" "ok    печать журнала: журнал пуст"
expect_file "$T/doctor" "ok    часовой пояс: Asia/Almaty (настройка office.timezone)"
expect_file "$T/doctor" "ok    каталог копий: $O/backups root:okno 2770"
expect_file "$T/doctor" "FAIL  резервная копия: в $O/backups нет ни одной копии. Исправьте: systemctl start okno-backup.service (или pg_dump -Fc -f $O/backups/okno-ДАТА.dump)"
[ "$rc" -eq 1 ] || fail "doctor without a backup: exit $rc"
# Nothing of a database file: no folder, no modes, no local disk.
grep -q "каталог базы\|место на диске\|-wal\|-shm" "$T/doctor" &&
	{ cat "$T/doctor" >&2; fail "doctor checks a database file on a server's database"; }
[ "$(grep -c '^FAIL' "$T/doctor")" -eq 1 ] ||
	{ cat "$T/doctor" >&2; fail "doctor: failures other than the backup"; }

step="okno-backup: okno backup (pg_dump, restored and verified), put in place"
expect_rc 0 $BACKUP
expect_out "okno-backup: $O/backups/okno-"
copy=$(ls $O/backups/okno-*.dump)
[ "$(echo "$copy" | wc -l)" -eq 1 ] || fail "copies: $copy"
case $copy in $O/backups/okno-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9].dump) ;;
*) fail "the copy's name: $copy" ;; esac
[ "$(stat -c '%U:%G %a' "$copy")" = "root:okno 600" ] ||
	fail "the copy is $(stat -c '%U:%G %a' "$copy"), expected root:okno 600"
[ "$(q "SELECT count(*) FROM audit WHERE action = 'db.backup' AND detail LIKE '$copy sha256 %'")" -eq 1 ] ||
	fail "no audit line of the backup"
# The dump restores to the same audit log and accounts.
R=${PGDB}_r
"$PSQL" -X -q -h "$OKNO_PG_HOST" -U okno_owner -d postgres -c "CREATE DATABASE $R" ||
	fail "create $R"
"$BIN/pg_restore" -h "$OKNO_PG_HOST" -U okno_owner -d "$R" --exit-on-error "$copy" ||
	fail "pg_restore"
# (the live log has the backup's own line after those of the dump)
upto=$("$PSQL" -X -q -At -h "$OKNO_PG_HOST" -U okno_owner -d "$R" -c "SELECT max(id) FROM audit")
dumpof() {
	"$PSQL" -X -q -At -h "$OKNO_PG_HOST" -U okno_owner -d "$1" \
		-c "COPY (SELECT * FROM audit WHERE id <= $upto ORDER BY id) TO STDOUT" \
		-c "COPY (SELECT id, login, pw_hash FROM accounts ORDER BY id) TO STDOUT" |
		sha256sum
}
[ "$(dumpof "$PGDB")" = "$(dumpof "$R")" ] || fail "the restored dump differs"
[ "$(q "SELECT count(*) FROM audit")" -ge 1 ] || fail "an empty audit log"
"$PSQL" -X -q -h "$OKNO_PG_HOST" -U okno_owner -d postgres -c "DROP DATABASE $R"

step="okno-backup keeps the newest KEEP"
sleep 1 # the copies are named by the second
expect_rc 0 $BACKUP
sleep 1
expect_rc 0 $BACKUP 1
expect_out "removed the old copy $O/backups/okno-"
[ "$(ls $O/backups | wc -l)" -eq 1 ] || fail "after KEEP=1: $(ls $O/backups)"
copy=$(ls $O/backups/okno-*.dump)
[ -s "$T/logger.out" ] && fail "okno-backup logged with nothing wrong"

step="a copy of the same second never replaces it"
mkdir -p "$T/bin2"
printf '#!/bin/sh\necho 20260320-100000\n' >"$T/bin2/date"
chmod 755 "$T/bin2/date"
SAME="env PATH=$T/bin2:$T/bin:$O/bin:$PATH sh $ROOT/debian/scripts/okno-backup"
expect_rc 0 $SAME 5
same=$O/backups/okno-20260320-100000.dump
sum=$(sha256sum "$same")
rc=0
$SAME 5 >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] || { cat "$T/out" "$T/err" >&2; fail "okno-backup of the same second: exit $rc"; }
expect_err "okno-backup: okno backup okno-20260320-100000.dump failed (exit 6)"
expect_err "уже существует"
[ "$(sha256sum "$same")" = "$sum" ] || fail "the copy of that second was replaced"
rm -f "$same"
: >"$T/logger.out"

step="doctor with a fresh dump, and --verify"
doctor --verify
expect_file "$T/doctor" "ok    резервная копия: последняя: $copy, 0 ч назад"
expect_file "$T/doctor" "ok    проверка базы: цепочки журнала (строк: 0, подразделений: 1) и аудита в порядке"
expect_file "$T/doctor" "ok    место для копий: $O/backups: свободно"
grep -q '^FAIL' "$T/doctor" && { cat "$T/doctor" >&2; fail "doctor fails"; }

step="a dump that fails: exit 1, the system log, nothing left"
# The windows' role may not read the sequences: pg_dump refuses.
rc=0
env OKNO_BACKUP_DATABASE="postgresql:///$PGDB?host=$OKNO_PG_HOST&user=okno" \
	$BACKUP >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] || { cat "$T/out" "$T/err" >&2; fail "okno-backup with a failing pg_dump: exit $rc"; }
expect_err "okno-backup: pg_dump of postgresql:///$PGDB?host=$OKNO_PG_HOST&user=okno failed: "
expect_err "permission denied"
expect_file "$T/logger.out" "-t okno-backup -p daemon.err -- pg_dump of postgresql:///$PGDB"
[ "$(ls -A $O/backups)" = "$(basename "$copy")" ] || fail "left in the folder: $(ls -A $O/backups)"

step="doctor --verify finds the audit log changed behind okno's back"
"$PSQL" -X -q -h "$OKNO_PG_HOST" -U okno_owner -d "$PGDB" -c \
	"ALTER TABLE audit DISABLE TRIGGER USER; UPDATE audit SET origin = 'x' WHERE id = 2; ALTER TABLE audit ENABLE TRIGGER USER" ||
	fail "tamper audit"
doctor --verify
[ "$rc" -eq 1 ] || fail "doctor --verify on a changed audit log: exit $rc"
expect_file "$T/doctor" "FAIL  проверка базы: audit line 2: content changed"

step="doctor on a database it cannot reach"
conf "postgresql:///${PGDB}_none?host=$OKNO_PG_HOST&user=okno_owner"
doctor
[ "$rc" -eq 1 ] || fail "doctor on an unreachable database: exit $rc"
grep -q "^FAIL  база данных: postgresql:///${PGDB}_none?host=$OKNO_PG_HOST&user=okno_owner: ." "$T/doctor" ||
	{ cat "$T/doctor" >&2; fail "doctor does not name the unreachable database"; }

echo "cli/pgserver: all checks passed"
