#!/bin/sh
# CLI scenario: a new database, first-login password changes, accounts, the
# three services taken from intake to hand-out (registration also into
# Berkut), a refusal path, and every error exit code: 2 usage, 3 invalid
# data (the field named), 4 not found, 5 not allowed, 6 conflict, each
# leaving the database as it was. Then the calendar and the help texts.
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory.
# engines: sqlite pg
set -eu

NAME=workflow
. tests/cli/lib.inc
export OKNO_NOW=2026-03-20T10:00:00

expect_err_line_count() {
	n=$(wc -l <"$T/err")
	[ "$n" -eq "$1" ] || {
		sed 's/^/    stderr: /' "$T/err" >&2
		fail "stderr has $n lines, expected $1"
	}
}

# The rows that a refused command must not touch (audit excluded: every
# command leaves a login line there).
dump_db() {
	q "SELECT * FROM cases ORDER BY id;
		SELECT * FROM case_events ORDER BY id;
		SELECT * FROM journal ORDER BY id;
		SELECT * FROM calendar_days ORDER BY date;
		SELECT login, roles, must_change, pw_hash FROM accounts
		ORDER BY id;" >"$1"
}

# snapshot ID / unchanged ID: `case show ID`, `case list` and the tables
# before and after a refused command must be identical.
snapshot() {
	snapped=$1
	expect_rc 0 as ivanov case show "$1"
	cp "$T/out" "$T/show.before"
	expect_rc 0 as ivanov case list
	cp "$T/out" "$T/list.before"
	dump_db "$T/db.before"
}
# refused RC FIELD CMD...: CMD exits RC, naming FIELD on stderr («[FIELD]»;
# "" for none), and leaves the case of the last snapshot unchanged.
refused() {
	_rc=$1 _field=$2
	shift 2
	expect_rc "$_rc" "$@"
	[ -z "$_field" ] || expect_err "[$_field]"
	unchanged "$snapped"
}
unchanged() {
	saved_out=$T/out.refused
	cp "$T/out" "$saved_out"
	cp "$T/err" "$T/err.refused"
	expect_rc 0 as ivanov case show "$1"
	cmp -s "$T/show.before" "$T/out" ||
		{ diff -u "$T/show.before" "$T/out" >&2; fail "case show changed"; }
	expect_rc 0 as ivanov case list
	cmp -s "$T/list.before" "$T/out" ||
		{ diff -u "$T/list.before" "$T/out" >&2; fail "case list changed"; }
	dump_db "$T/db.after"
	cmp -s "$T/db.before" "$T/db.after" ||
		{ diff -u "$T/db.before" "$T/db.after" >&2; fail "database changed"; }
	cp "$saved_out" "$T/out"
	cp "$T/err.refused" "$T/err"
}

state_is() {
	expect_rc 0 as ivanov case show "$1"
	expect_out "($2)"
}

printf '%s\n' 'первый-пароль-1' >"$T/first"

# ---- init ---------------------------------------------------------------
step=init
expect_rc 0 env OKNO_NEW_PASSWORD_FILE="$T/first" "$OKNO" --db "$DB" init --training \
	--office A01 --name "Медеуский РУП ДП г. Алматы" \
	--region "ДП г. Алматы" --address "г. Алматы, ул. Абая, 1"
expect_out "office A01"
if [ "$ENGINE" = sqlite ]; then
	[ -f "$DB" ] || fail "no database file"
	mode=$(stat -c %a "$DB")
	[ "$mode" = 600 ] || fail "database mode $mode, expected 600"
	[ "$(q 'PRAGMA journal_mode')" = wal ] || fail "not in WAL mode"
	[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity"
	[ "$(q 'PRAGMA user_version')" -ge 1 ] || fail "user_version"
else
	[ "$(q 'SELECT version FROM okno_schema')" -ge 1 ] || fail "schema version"
	[ "$(q 'SELECT training FROM database_mode')" = 1 ] || fail "not training"
fi
[ "$(q "SELECT must_change FROM accounts WHERE login = 'admin'")" = 1 ] ||
	fail "admin must change the first password"
step="init twice"
expect_rc 6 env OKNO_NEW_PASSWORD_FILE="$T/first" "$OKNO" --db "$DB" init --training \
	--office A02 --name X --region Y
if [ "$ENGINE" = sqlite ]; then expect_err "already exists"; else expect_err "already holds offices"; fi
[ "$(q 'SELECT count(*) FROM offices')" = 1 ] || fail "second office"

# ---- first-login passwords ---------------------------------------------
step="admin before passwd"
cp "$T/first" "$T/pw.admin"
expect_rc 5 as admin user list
expect_err "passwd"
step="admin passwd"
printf '%s\n' 'админ-пароль-2' >"$T/new.admin"
expect_rc 0 env OKNO_PASSWORD_FILE="$T/first" OKNO_NEW_PASSWORD_FILE="$T/new.admin" \
	"$OKNO" --db "$DB" --as admin passwd
cp "$T/new.admin" "$T/pw.admin"
step="admin old password"
expect_rc 5 env OKNO_PASSWORD_FILE="$T/first" "$OKNO" --db "$DB" --as admin user list
step="passwd to the same password"
expect_rc 3 env OKNO_PASSWORD_FILE="$T/pw.admin" OKNO_NEW_PASSWORD_FILE="$T/pw.admin" \
	"$OKNO" --db "$DB" --as admin passwd
expect_err "[password]"

# ---- accounts -----------------------------------------------------------
add_user ivanov "Иванов Иван Иванович" "старший инспектор" inspector
add_user sidorova "Сидорова Анна Петровна" "инспектор спецучетов" records
add_user nurlanov "Нурланов Ерлан Серикович" "начальник отделения" chief
add_user operator "Жумабаева Айгуль" "оператор журнала" operator
add_user auditor "Ким Олег" "аудитор" auditor

step="user list"
expect_rc 0 as admin user list
for u in admin ivanov sidorova nurlanov operator auditor; do expect_out "$u"; done
expect_out "Нурланов Ерлан Серикович"
step="user add: duplicate login"
expect_rc 6 env OKNO_NEW_PASSWORD_FILE="$T/first" OKNO_PASSWORD_FILE="$T/pw.admin" \
	"$OKNO" --db "$DB" --as admin user add ivanov --name "Дубль" --role inspector
step="user add: unknown role"
expect_rc 3 env OKNO_NEW_PASSWORD_FILE="$T/first" OKNO_PASSWORD_FILE="$T/pw.admin" \
	"$OKNO" --db "$DB" --as admin user add petrov --name "Петров" --role boss
expect_err "[role]"
step="user add by an inspector"
expect_rc 5 env OKNO_NEW_PASSWORD_FILE="$T/first" OKNO_PASSWORD_FILE="$T/pw.ivanov" \
	"$OKNO" --db "$DB" --as ivanov user add petrov --name "Петров" --role inspector
[ "$(q 'SELECT count(*) FROM accounts')" = 6 ] || fail "account count"
step="region_head on an office account"
expect_rc 3 env OKNO_NEW_PASSWORD_FILE="$T/first" OKNO_PASSWORD_FILE="$T/pw.admin" \
	"$OKNO" --db "$DB" --as admin user add head --name "Оспанов" --role region_head
expect_err "--region"
# The head of the regional unit's migration police: an account of the
# region, who signs passes and invitations.
add_user head "Оспанов Марат Ерланович" "начальник УМП ДП г. Алматы" region_head --region=R1
step="wrong password"
printf 'не-тот-пароль\n' >"$T/pw.wrong"
expect_rc 5 env OKNO_PASSWORD_FILE="$T/pw.wrong" "$OKNO" --db "$DB" --as ivanov case list
step="no --as"
expect_rc 2 "$OKNO" --db "$DB" case list

# ---- the three services, intake to hand-out ----------------------------
ndoc=0
new_case() { # service -> $id (each applicant with a document of its own)
	step="case new $1"
	ndoc=$((ndoc + 1))
	expect_rc 0 as ivanov case new --service "$1" --json "$FIX/$1.json" \
		--field doc_number="W$(printf %07d "$ndoc")"
	id=$(cat "$T/out")
	case $id in
	'' | *[!0-9]*) fail "case new printed «$id», not an id" ;;
	esac
	state_is "$id" draft
}

take_through() { # service due number
	new_case "$1"
	step="$1 $id accept"
	expect_rc 0 as ivanov case event "$id" accept
	state_is "$id" accepted
	expect_out "$2"
	expect_out "$3"
	step="$1 $id check-clear"
	expect_rc 5 as ivanov case event "$id" check-clear
	expect_rc 0 as sidorova case event "$id" check-clear
	if [ "$1" = registration ]; then
		# A clear check completes the registration: no chief.
		state_is "$id" issued
		expect_rc 6 as nurlanov case event "$id" issue
	else
		state_is "$id" checked
		step="$1 $id prepare"
		expect_rc 5 as ivanov case event "$id" prepare
		expect_rc 0 as nurlanov case event "$id" prepare
		state_is "$id" checked
		step="$1 $id issue"
		expect_rc 5 as sidorova case event "$id" issue
		# The office chief prepares but does not sign.
		expect_rc 5 as nurlanov case event "$id" issue
		expect_err "решение и подпись пропусков и приглашений"
		expect_rc 0 as head case event "$id" issue
		state_is "$id" issued
	fi
	if [ "$1" = registration ]; then
		step="$1 $id berkut"
		expect_rc 0 as operator case event "$id" berkut
		expect_rc 0 as ivanov case show "$id"
		expect_out "Беркут"
		expect_out "(issued)"
		snapshot "$id"
		expect_rc 6 as operator case event "$id" berkut
		unchanged "$id"
	fi
	step="$1 $id hand-out without --to"
	snapshot "$id"
	expect_rc 3 as ivanov case event "$id" hand-out
	expect_err "[recipient]"
	unchanged "$id"
	step="$1 $id hand-out"
	expect_rc 0 as ivanov case event "$id" hand-out --to "Заявитель лично"
	state_is "$id" handed_out
	evs="create accept check-clear hand-out"
	[ "$1" = registration ] || evs="$evs prepare issue"
	for ev in $evs; do
		grep -q "^  2026-.* $ev " "$T/out" || fail "history lacks $ev"
	done
	if [ "$1" = registration ]; then
		grep -q "^  2026-.* berkut " "$T/out" || fail "history lacks berkut"
	fi
	last=$id
}

take_through registration 26.03.2026 1/2026
REG=$last
take_through invitation 01.04.2026 1/2026
INV=$last
take_through border-pass 03.04.2026 1/2026
BP=$last
step="berkut only for registration"
expect_rc 6 as operator case event "$INV" berkut
expect_err "[state]"
expect_rc 6 as operator case event "$BP" berkut

step="case list"
expect_rc 0 as ivanov case list
for c in "$REG registration handed_out 1/2026 26.03.2026 UZB" \
	"$INV invitation handed_out 1/2026 01.04.2026 RUS" \
	"$BP border-pass handed_out 1/2026 03.04.2026 CHN"; do
	# shellcheck disable=SC2086
	set -- $c
	grep -Eq "^$1 +$2 +$3 +$4 +$5 +$6 " "$T/out" ||
		{ cat "$T/out" >&2; fail "case list lacks: $c"; }
done
expect_out "АХМЕДОВ РУСТАМ"
expect_rc 0 as ivanov case list --service invitation
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "--service invitation lists $(wc -l <"$T/out")"
expect_rc 0 as auditor case list --state handed_out
[ "$(wc -l <"$T/out")" -eq 3 ] || fail "--state handed_out lists $(wc -l <"$T/out")"
[ "$(q "SELECT count(*) FROM journal WHERE no IS NOT NULL")" = 3 ] ||
	fail "numbered journal lines"

# ---- a refusal: hit, refuse, hand-out ----------------------------------
new_case invitation
REF=$id
step="invitation $REF accept (2/2026)"
expect_rc 0 as ivanov case event "$REF" accept
state_is "$REF" accepted
expect_out "2/2026"
step="check-hit without reason"
snapshot "$REF"
refused 3 reason as sidorova case event "$REF" check-hit
expect_rc 0 as sidorova case event "$REF" check-hit --reason "Совпадение: запрет въезда"
state_is "$REF" hit
step="issue after a hit"
snapshot "$REF"
refused 6 state as nurlanov case event "$REF" issue
step="refuse without ground"
refused 3 ground as head case event "$REF" refuse --reason "Запрет въезда"
step="refuse with an unknown ground"
refused 3 ground as head case event "$REF" refuse --ground nonsense --reason "x"
step="refuse by the inspector"
refused 5 "" as ivanov case event "$REF" refuse --ground records-hit --reason "x"
step="refuse by the office chief"
refused 5 "" as nurlanov case event "$REF" refuse --ground records-hit --reason "x"
step="refuse"
expect_rc 0 as head case event "$REF" refuse --ground records-hit \
	--reason "Запрет въезда до 2030 года"
state_is "$REF" refused
expect_out "основание: records-hit"
expect_out "Запрет въезда до 2030 года"
expect_rc 0 as ivanov case event "$REF" hand-out --to "Сериков Б. К."
state_is "$REF" handed_out

# ---- return and cancel at intake ---------------------------------------
new_case registration
RET=$id
step="return without reason, documents complete"
snapshot "$RET"
refused 3 reason as ivanov case event "$RET" return
step="return"
expect_rc 0 as ivanov case event "$RET" return --reason "Нет согласия собственника"
state_is "$RET" returned
expect_out "Нет согласия собственника"
step="accept a returned case"
snapshot "$RET"
refused 6 "" as ivanov case event "$RET" accept
step="accept with documents missing"
# A case made from --field values alone presents no documents.
expect_rc 0 as ivanov case new --service invitation \
	--field surname=PETROV --field given_names=IVAN \
	--field host_name="Сериков Болат Канатович" --field host_iin=921029350851 \
	--field host_birth_date=29.10.1992 --field host_doc_type=id_card \
	--field host_doc_number=043512345 --field host_doc_issued=01.02.2020 \
	--field host_doc_issuer="МВД РК" --field host_address="г. Алматы, ул. Абая, 10" \
	--field sex=m --field birth_date=03.07.1985 --field birth_place=Новосибирск \
	--field citizenship=RUS --field doc_number=751234567 \
	--field doc_issued=10.10.2020 --field doc_expiry=10.10.2030 \
	--field home_address="Россия, г. Новосибирск" --field purpose=family \
	--field kinship=sibling --field period_from=01.05.2026 \
	--field period_to=30.06.2026 --field visa_entries=single \
	--field visa_place="Генконсульство РК" \
	--field address_stay="г. Алматы, ул. Абая, 10" --field application_date=20.03.2026
NODOC=$(cat "$T/out")
snapshot "$NODOC"
expect_rc 3 as ivanov case event "$NODOC" accept
expect_err "[documents]"
expect_err "Не представлены документы"
expect_err_line_count 1
unchanged "$NODOC"
step="cancel"
expect_rc 5 as nurlanov case event "$NODOC" cancel
expect_rc 0 as ivanov case event "$NODOC" cancel
state_is "$NODOC" cancelled

# ---- refused transitions and roles on a finished case ------------------
step="events on a handed-out case"
snapshot "$REG"
for ev in accept return cancel check-clear check-hit issue refuse hand-out; do
	expect_rc 6 as ivanov case event "$REG" "$ev" --reason x --ground incomplete --to x
	expect_err "[state]"
	expect_err_line_count 1
done
unchanged "$REG"
new_case registration
DRAFT=$id
step="wrong role on a draft"
snapshot "$DRAFT"
expect_rc 5 as nurlanov case event "$DRAFT" accept
expect_rc 5 as sidorova case event "$DRAFT" accept
expect_rc 5 as auditor case event "$DRAFT" accept
expect_rc 5 as admin case event "$DRAFT" accept
refused 5 "" as admin case show "$DRAFT"
step="case new by a chief"
refused 5 "" as nurlanov case new --service registration --json "$FIX/registration.json"

# ---- invalid data ------------------------------------------------------
step="invalid birth date"
snapshot "$DRAFT"
expect_rc 3 as ivanov case new --service registration --json "$FIX/registration.json" \
	--field birth_date=31.02.1990
expect_err "[birth_date]"
expect_err "Дата рождения"
[ ! -s "$T/out" ] || fail "an id was printed for a refused case"
unchanged "$DRAFT"
step="invalid IIN"
expect_rc 3 as ivanov case new --service registration --json "$FIX/registration.json" \
	--field host_iin=921029350852
expect_err "[host_iin]"
unchanged "$DRAFT"
step="unknown service"
refused 3 service as ivanov case new --service visa --json "$FIX/registration.json"
step="broken JSON"
printf '{"fields": {' >"$T/bad.json"
refused 3 "" as ivanov case new --service registration --json "$T/bad.json"
step="unknown state filter"
expect_rc 3 as ivanov case list --state lost
expect_err "[state]"

# ---- not found ---------------------------------------------------------
step="unknown case"
expect_rc 4 as ivanov case show 999
expect_err "999"
expect_rc 4 as ivanov case event 999 accept
step="missing database"
expect_rc 4 env OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" --db "$T/none.db" --as ivanov case list
[ ! -e "$T/none.db" ] || fail "a database was created by case list"

# ---- usage -------------------------------------------------------------
step=usage
expect_rc 2 as ivanov case show
expect_rc 2 as ivanov case show abc
expect_rc 2 as ivanov case show 0
expect_rc 2 as ivanov case event "$DRAFT" fly
expect_rc 2 as ivanov case event "$DRAFT"
expect_rc 2 as ivanov case list --bogus
expect_rc 2 as ivanov case new --field birth_date
expect_rc 2 as ivanov case
expect_rc 2 as ivanov case frobnicate
expect_rc 2 "$OKNO" frobnicate
expect_rc 2 "$OKNO" --db
expect_rc 2 "$OKNO" --no-such-option
expect_rc 2 "$OKNO" calendar due 20.03.2026
expect_rc 2 "$OKNO" calendar
unchanged "$DRAFT"

# ---- calendar ----------------------------------------------------------
step="calendar due"
expect_rc 0 "$OKNO" --db "$T/none.db" calendar due 20.03.2026 1
[ "$(cat "$T/out")" = 26.03.2026 ] || fail "due 20.03.2026 1 = $(cat "$T/out")"
expect_rc 0 "$OKNO" --db "$DB" calendar due 20.03.2026 5
[ "$(cat "$T/out")" = 01.04.2026 ] || fail "due 20.03.2026 5 = $(cat "$T/out")"
expect_rc 0 "$OKNO" --db "$DB" calendar due 2026-03-20 7
[ "$(cat "$T/out")" = 03.04.2026 ] || fail "due 2026-03-20 7 = $(cat "$T/out")"
expect_rc 3 "$OKNO" --db "$DB" calendar due 30.02.2026 1
expect_err "[date]"
expect_rc 3 "$OKNO" --db "$DB" calendar due 20.03.2026 0
step="calendar holidays"
expect_rc 0 "$OKNO" --db "$DB" calendar holidays 2026
expect_out "24.03.2026"
expect_out "25.03.2026"
expect_out "Наурыз"
expect_out "07.01.2026"
grep -q "^27.03.2026" "$T/out" && fail "27.03.2026 listed as a holiday"

step="add-workday"
expect_rc 0 "$OKNO" --db "$DB" calendar due 27.03.2026 5
[ "$(cat "$T/out")" = 03.04.2026 ] || fail "due 27.03.2026 5 = $(cat "$T/out")"
expect_rc 5 as ivanov calendar add-workday 28.03.2026 "Перенос"
expect_rc 0 "$OKNO" --db "$DB" calendar due 27.03.2026 5
[ "$(cat "$T/out")" = 03.04.2026 ] || fail "an inspector changed the calendar"
expect_rc 0 as admin calendar add-workday 28.03.2026 "Перенос: рабочая суббота"
expect_rc 0 "$OKNO" --db "$DB" calendar due 27.03.2026 5
[ "$(cat "$T/out")" = 02.04.2026 ] || fail "after add-workday due = $(cat "$T/out")"
expect_rc 0 "$OKNO" --db "$DB" calendar holidays 2026
expect_out "28.03.2026"
step="a case accepted after the transfer"
OKNO_NOW=2026-03-27T11:00:00
new_case invitation
expect_rc 0 as ivanov case event "$id" accept
state_is "$id" accepted
expect_out "02.04.2026"
expect_out "3/2026"
OKNO_NOW=2026-03-20T10:00:00

# ---- help --------------------------------------------------------------
step=help
expect_rc 0 "$OKNO" --help
expect_out "Usage"
expect_out "case"
expect_out "Exit codes"
expect_rc 0 "$OKNO" case --help
expect_out "case new"
expect_out "hand-out"
expect_rc 0 "$OKNO" calendar --help
expect_out "add-workday"
expect_rc 0 "$OKNO" user --help
expect_rc 0 "$OKNO" passwd --help

# ---- the file at the end -----------------------------------------------
step="database file"
if [ "$ENGINE" = sqlite ]; then
	mode=$(stat -c %a "$DB")
	[ "$mode" = 600 ] || fail "database mode $mode, expected 600"
	[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity"
	[ "$(q 'PRAGMA foreign_key_check' | wc -l)" -eq 0 ] ||
		fail "foreign key violations"
	for pw in "$T/first" "$T/pw.admin" "$T/pw.ivanov"; do
		cat "$DB" "$DB-wal" 2>/dev/null | grep -qF "$(cat "$pw")" &&
			fail "a clear-text password is in the database"
	done
else
	for pw in "$T/first" "$T/pw.admin" "$T/pw.ivanov"; do
		[ "$(q "SELECT count(*) FROM accounts WHERE pw_hash LIKE '%$(cat "$pw")%'")" = 0 ] ||
			fail "a clear-text password is in the database"
	done
fi
[ "$(q "SELECT count(*) FROM audit WHERE action = 'case.event'")" -ge 14 ] ||
	fail "case events not audited"

echo "cli/workflow ($ENGINE): all checks passed"
