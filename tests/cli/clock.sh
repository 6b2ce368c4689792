#!/bin/sh
# Time in an office database comes from the system clock only, in the
# office's zone: OKNO_NOW and TZ set by a window's account neither
# backdate an act nor lift a lockout; stamps carry their offset; nothing
# is filed into a closed day or dated before the line above it. In a
# training database OKNO_NOW works, and the mode is sealed into both
# chains.
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory.
set -eu
NAME=clock
. tests/ns.inc
. tests/cli/lib.inc
# An office database takes the forms beside the binary, never OKNO_FORMS.
office_init

# The window of real time an act must fall in, as epoch seconds.
now() { date +%s; }
epoch() { date -d "$1" +%s; }
# An audit or journal stamp: the office's local time with its offset.
is_stamp() {
	echo "$1" | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+05:00$'
}
today=$(TZ=Asia/Almaty date +%F)
year=$(TZ=Asia/Almaty date +%Y)

step="OKNO_NOW does not backdate an accept"
expect_rc 0 as ivanov case new --service registration --json "$(today_registration)"
id=$(cat "$T/out")
t0=$(now)
expect_rc 0 env OKNO_NOW=2019-01-05T10:00:00 OKNO_PASSWORD_FILE="$T/pw.ivanov" \
	"$OKNO" --db "$DB" --as ivanov case event "$id" accept
t1=$(now)
[ "$(q "SELECT year || '/' || no FROM journal WHERE case_id = $id AND kind = 'accept'")" = "$year/1" ] ||
	fail "journal number $(q "SELECT year || '/' || no FROM journal WHERE case_id = $id")"
at=$(q "SELECT at FROM journal WHERE case_id = $id AND kind = 'accept'")
is_stamp "$at" || fail "journal stamp «$at» without the office's offset"
[ "$(epoch "$at")" -ge "$t0" ] && [ "$(epoch "$at")" -le "$t1" ] ||
	fail "journal line dated $at, not now"
aat=$(q "SELECT at FROM audit WHERE action = 'case.event' ORDER BY id DESC LIMIT 1")
[ "${aat%%T*}" = "$today" ] || fail "audit line dated $aat"
[ "$(q "SELECT count(*) FROM audit WHERE at LIKE '2019%'")" = 0 ] ||
	fail "an audit line is dated 2019"
expect_rc 0 as ivanov journal verify

step="TZ does not shift the stamps"
expect_rc 0 as ivanov case new --service registration --json "$(today_registration)"
id2=$(cat "$T/out")
t0=$(now)
expect_rc 0 env TZ=XXX+12 OKNO_PASSWORD_FILE="$T/pw.ivanov" \
	"$OKNO" --db "$DB" --as ivanov case event "$id2" accept
t1=$(now)
at=$(q "SELECT at FROM journal WHERE case_id = $id2 AND kind = 'accept'")
is_stamp "$at" || fail "stamp «$at» not in the office's zone"
[ "$(epoch "$at")" -ge "$t0" ] && [ "$(epoch "$at")" -le "$t1" ] ||
	fail "stamp $at is not the moment of the act"
# The kiosk and the CLI show it in the office's zone whatever TZ is.
expect_rc 0 env TZ=XXX-14 OKNO_PASSWORD_FILE="$T/pw.ivanov" \
	"$OKNO" --db "$DB" --as ivanov case show "$id2"
expect_out "$at"

step="lockout holds against OKNO_NOW and TZ"
printf '%s\n' 'неверный-пароль' >"$T/wrong"
for i in 1 2 3 4 5; do
	expect_rc 5 env OKNO_PASSWORD_FILE="$T/wrong" "$OKNO" --db "$DB" \
		--as sidorova case list
done
expect_err "заблокирована до"
acct=$(q "SELECT locked_until || '|' || failed_logins || '|' || pw_hash FROM accounts WHERE login = 'sidorova'")
until_at=$(q "SELECT locked_until FROM accounts WHERE login = 'sidorova'")
is_stamp "$until_at" || fail "locked_until «$until_at»"
journal_before=$(q "SELECT count(*) || '/' || max(seq) FROM journal")
for env in OKNO_NOW=2027-06-01T10:00:00 TZ=XXX-14 TZ=UTC; do
	expect_rc 5 env "$env" OKNO_PASSWORD_FILE="$T/pw.sidorova" "$OKNO" \
		--db "$DB" --as sidorova case list
	expect_err "Учётная запись заблокирована до"
	[ -s "$T/out" ] && fail "$env: a locked account got output"
	[ "$(q "SELECT locked_until || '|' || failed_logins || '|' || pw_hash FROM accounts WHERE login = 'sidorova'")" = "$acct" ] ||
		fail "$env changed the locked account"
done
[ "$(q "SELECT count(*) FROM audit WHERE action = 'login' AND login = 'sidorova' AND id > (SELECT max(id) FROM audit WHERE action = 'login.lock')")" = 0 ] ||
	fail "a login of the locked account was recorded"
[ "$(q "SELECT count(*) || '/' || max(seq) FROM journal")" = "$journal_before" ] ||
	fail "the journal changed"
expect_rc 0 as admin user unlock sidorova

step="nothing is filed into a closed day"
expect_rc 0 as ivanov case new --service registration --json "$(today_registration)"
id3=$(cat "$T/out")
expect_rc 0 as operator journal close-day
yesterday=$(TZ=Asia/Almaty date -d yesterday +%FT10:00:00)
jhead=$(q "SELECT count(*) || '/' || max(seq) || '/' || (SELECT hash FROM journal ORDER BY id DESC LIMIT 1) FROM journal")
case_row=$(q "SELECT state || '|' || COALESCE(journal_no, '') FROM cases WHERE id = $id3")
expect_rc 6 env OKNO_NOW="$yesterday" OKNO_PASSWORD_FILE="$T/pw.ivanov" \
	"$OKNO" --db "$DB" --as ivanov case event "$id3" accept
expect_err "закрыт в журнале: запись в закрытый день не делается"
expect_rc 6 as ivanov case event "$id3" accept
expect_err "закрыт в журнале"
[ "$(q "SELECT count(*) || '/' || max(seq) || '/' || (SELECT hash FROM journal ORDER BY id DESC LIMIT 1) FROM journal")" = "$jhead" ] ||
	fail "the journal changed"
[ "$(q "SELECT state || '|' || COALESCE(journal_no, '') FROM cases WHERE id = $id3")" = "$case_row" ] ||
	fail "the case changed"
expect_rc 0 as ivanov journal verify
expect_rc 0 env OKNO_PASSWORD_FILE="$T/pw.admin" "$OKNO" --db "$DB" --as admin \
	user list

# ---- a training database -------------------------------------------------
step="training: the fixed clock works and the mode is sealed in the chains"
DB=$T/training.db
TRAINING=--training
export OKNO_FORMS="$ROOT/forms" OKNO_NOW=2026-03-20T10:00:00
init_office
add_user ivanov "Иванов Иван Иванович" "инспектор" inspector
add_user auditor "Аудиторова Вера" "аудитор" auditor
expect_rc 0 as ivanov case new --service registration --json "$FIX/registration.json"
expect_rc 0 as ivanov case event "$(cat "$T/out")" accept
[ "$(q "SELECT at FROM journal WHERE kind = 'accept'")" = 2026-03-20T10:00:00+05:00 ] ||
	fail "training stamp $(q "SELECT at FROM journal WHERE kind = 'accept'")"
[ "$(q "SELECT training FROM database_mode")" = 1 ] || fail "mode not stored"
# The mode cannot be changed by SQL, and changed behind okno's back it
# breaks both chains from their first line.
sqlite3 "$DB" "UPDATE database_mode SET training = 0" 2>"$T/err" &&
	fail "the mode could be changed"
cp "$DB" "$T/flipped.db"
sqlite3 "$T/flipped.db" "DROP TRIGGER database_mode_no_update; UPDATE database_mode SET training = 0"
expect_rc 1 env -u OKNO_FORMS OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" --db "$T/flipped.db" \
	--as ivanov journal verify
expect_err "строка 1"
expect_rc 1 env -u OKNO_FORMS OKNO_PASSWORD_FILE="$T/pw.auditor" "$OKNO" --db "$T/flipped.db" \
	--as auditor audit verify
expect_err "audit line 1"
expect_rc 0 as ivanov journal verify
echo "cli/clock: all checks passed"
