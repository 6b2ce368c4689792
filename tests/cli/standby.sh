#!/bin/sh
# CLI scenario: reading from a hot standby. A regional primary and a hot
# standby made from it with pg_basebackup, each a throw-away cluster of
# this scenario on its own socket. A case accepted on the primary streams
# to the standby, where check-document finds it, and the journal, the case,
# its list and the report read as on the primary. Every act there is
# refused in words (not with the engine's error) and leaves both servers
# as they were; a wrong password waits instead of counting. Once the
# standby is promoted (the primary lost), the same window acts there.
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory.
# engines: pg
set -eu

PGC=${TMPDIR:-/tmp}/standby.$$
PRIMARY=$PGC/primary
STANDBY=$PGC/standby
PG=${PG_BIN:-/usr/lib/postgresql/15/bin}
mkdir -p "$PGC"
chmod 711 "$PGC"
trap 'sh scripts/pg-cluster.sh stop "$STANDBY"; sh scripts/pg-cluster.sh stop "$PRIMARY"; rm -rf "$PGC"' 0
sh scripts/pg-cluster.sh start "$PRIMARY" >/dev/null
OKNO_PG_HOST=$PRIMARY # lib.inc makes the scenario's database there
NAME=standby
. tests/cli/lib.inc
export OKNO_NOW=2026-03-20T10:00:00

init_office
standard_staff
add_user auditor "Ким Олег" "аудитор" auditor

step="standby"
sh scripts/pg-cluster.sh standby "$STANDBY" "$PRIMARY" >/dev/null
SDB="postgresql:///$PGDB?host=$STANDBY&user=okno_owner"

# on_standby LOGIN ARGS...: okno on the standby as LOGIN.
on_standby() {
	who=$1
	shift
	env OKNO_PASSWORD_FILE="$T/pw.$who" "$OKNO" --db "$SDB" --as "$who" "$@"
}
# sq SQL: what SQL gives on the standby.
sq() {
	"$PSQL" -X -q -At -v ON_ERROR_STOP=1 -h "$STANDBY" -U okno_owner \
		-d "$PGDB" -c "$1"
}
# caught_up: the standby has replayed what the primary has written. The
# insert position, not the write position: the test cluster commits
# without waiting for the disk (synchronous_commit=off), so a commit can
# still be in the primary's WAL buffers, behind the write position.
caught_up() {
	lsn=$("$PSQL" -X -q -At -h "$PRIMARY" -U postgres -d postgres \
		-c "SELECT pg_current_wal_insert_lsn()")
	i=0
	while [ "$("$PSQL" -X -q -At -h "$STANDBY" -U postgres -d postgres \
		-c "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" != t ]; do
		i=$((i + 1))
		[ "$i" -lt 300 ] || fail "the standby did not catch up with $lsn"
		sleep 0.1
	done
}

# ---- a case accepted on the primary ---------------------------------------
step="accept on the primary"
expect_rc 0 as ivanov case new --service registration --json "$FIX/registration.json"
id=$(cat "$T/out")
expect_rc 0 as ivanov case event "$id" accept
code=$(q "SELECT c.code FROM journal_codes c JOIN journal j ON j.id = c.line_id WHERE j.case_id = $id AND j.kind = 'accept'")
[ -n "$code" ] || fail "no check code for the accepted case"
caught_up
[ "$(sq 'SELECT pg_is_in_recovery()')" = t ] || fail "the standby is not in recovery"

# ---- read on the standby -------------------------------------------------
step="check-document on the standby"
audit_primary=$(q "SELECT count(*) FROM audit")
expect_rc 0 on_standby ivanov check-document "$code"
expect_out "АХМЕДОВ"
expect_out "Медеуский РУП ДП г. Алматы"
expect_rc 4 on_standby ivanov check-document 00000-00000

step="journal on the standby"
expect_rc 0 on_standby operator journal verify
expect_out "Журнал цел: строк 1"
expect_rc 0 on_standby operator journal list --book registration --year 2026
expect_out "АХМЕДОВ"
expect_rc 0 on_standby operator journal export --format csv --book registration --year 2026
expect_out "АХМЕДОВ"
expect_rc 0 on_standby operator journal print --book registration --year 2026
expect_out "АХМЕДОВ"

step="cases and report on the standby"
expect_rc 0 on_standby ivanov case show "$id"
expect_out "АХМЕДОВ"
expect_rc 0 on_standby ivanov case list
expect_out "$id"
expect_rc 0 on_standby chief report day --date 20.03.2026
expect_out "Принято"

# What was read there could not be recorded there (it went to the system
# log); the primary has no line of it either.
caught_up
[ "$(q "SELECT count(*) FROM audit")" = "$audit_primary" ] ||
	fail "reads on the standby wrote audit lines on the primary"
[ "$(sq "SELECT count(*) FROM audit")" = "$audit_primary" ] ||
	fail "the standby's audit differs from the primary's"

# ---- acts are refused in words ------------------------------------------
step="acts refused on the standby"
snap() {
	sq "SELECT * FROM cases ORDER BY id; SELECT * FROM case_events ORDER BY id;
		SELECT * FROM journal ORDER BY id; SELECT count(*) FROM audit;
		SELECT login, failed_logins, locked_until FROM accounts ORDER BY id;"
}
snap >"$T/before"
expect_rc 7 on_standby ivanov case new --service registration --json "$FIX/registration.json"
expect_err "Резервный сервер только для чтения: изменения делаются на основном сервере"
grep -q "ERROR\|read-only transaction\|25006" "$T/err" && fail "the engine's error shown"
expect_rc 7 on_standby sidorova case event "$id" check-clear
expect_err "Резервный сервер только для чтения"
expect_rc 7 on_standby operator journal seal
expect_err "Резервный сервер только для чтения"
expect_rc 7 on_standby admin user add petrov --name "Петров Петр" --position "инспектор" --role inspector
expect_err "Резервный сервер только для чтения"
# A wrong password is refused; it cannot be counted on the standby.
printf '%s\n' 'не-тот-пароль' >"$T/pw.wrong"
expect_rc 5 env OKNO_PASSWORD_FILE="$T/pw.wrong" "$OKNO" --db "$SDB" --as ivanov case list
expect_err "Неверная учётная запись или пароль"
snap >"$T/after"
cmp -s "$T/before" "$T/after" ||
	{ diff -u "$T/before" "$T/after" >&2; fail "the standby changed"; }
expect_rc 0 as operator journal verify

# ---- the hall board on the standby ----------------------------------------
# A hall may show the board from the local standby: it reads there and
# follows the primary's calls.
step="the hall board on the standby"
expect_rc 0 as admin window set 1 ivanov
B="tmux -L oksb$$ -f /dev/null"
board_pid() { $B list-panes -F '#{pane_pid}' 2>/dev/null; }
board_stop() {
	p=$(board_pid)
	k=
	if [ -n "$p" ]; then
		k=$(pgrep -P "$p" 2>/dev/null || true)
	fi
	if [ -n "$k" ]; then
		kill -HUP $k 2>/dev/null || true
	fi
	i=0
	while [ -n "$k" ] && kill -0 $k 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -lt 600 ] || { kill -9 $k; $B kill-server; fail "the board did not exit"; }
		sleep 0.1
	done
	$B kill-server 2>/dev/null || true
}
trap 'board_stop || true; sh scripts/pg-cluster.sh stop "$STANDBY"; sh scripts/pg-cluster.sh stop "$PRIMARY"; rm -rf "$PGC"' 0
$B new-session -d -x 80 -y 24 "env TERM=xterm LANG=C.UTF-8 LC_ALL=C.UTF-8 \
	TZ=Asia/Almaty OKNO_NOW=$OKNO_NOW $OKNO --db '$SDB' board --poll 50; \
	echo BOARD-EXIT=\$?; sleep 30"
# board_has TEXT: the board shows TEXT within a minute.
board_has() {
	i=0
	until $B capture-pane -p | grep -qF -- "$1"; do
		i=$((i + 1))
		[ "$i" -lt 600 ] || { $B capture-pane -p >&2; fail "the board does not show: $1"; }
		sleep 0.1
	done
}
board_has "Ожидают: 0"
expect_rc 0 "$OKNO" --db "$DB" queue take --service registration
expect_rc 0 "$OKNO" --db "$DB" queue take --service invitation
board_has "Ожидают: 2"
expect_rc 0 as ivanov queue call
board_has "Иванов Иван Иванович"
$B capture-pane -p | grep -q "BOARD-EXIT" && fail "the board stopped"
board_stop

# ---- the standby promoted --------------------------------------------------
# The primary is lost; the standby becomes the primary and the same
# commands act there.
step="promoted"
sh scripts/pg-cluster.sh down "$PRIMARY"
if [ "$(id -u)" -eq 0 ]; then
	runuser -u postgres -- "$PG/pg_ctl" -D "$STANDBY/data" -w promote >/dev/null
else
	"$PG/pg_ctl" -D "$STANDBY/data" -w promote >/dev/null
fi
expect_rc 0 on_standby sidorova case event "$id" check-clear
expect_rc 0 on_standby operator journal verify
[ "$(sq "SELECT state FROM cases WHERE id = $id")" = issued ] ||
	fail "the promoted standby did not take the act"

echo "PASS standby"
