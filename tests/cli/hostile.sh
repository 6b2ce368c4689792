#!/bin/sh
# Hostile and broken input (issue 7). Intake (case new --json) refuses
# escape sequences, C1 controls, bidi overrides, invalid UTF-8, a JSON NUL
# and a 10 kB value, each with a message naming the field (and the limit);
# formula-looking text is accepted. Values that got into the database some
# other way (put there with sqlite3 here: an old database, a portal file, an
# attacker's login name) are made harmless everywhere they come out: case
# show and list, journal list, print and export, the audit log, reports,
# error messages, and the kiosk's screen. What reaches the terminal or the
# file is checked byte for byte: no raw ESC, BEL, C1 control, bidi
# override or invalid UTF-8 ever; CSV cells starting = + - @ get a '.
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory.
set -eu

NAME=hostile
. tests/cli/lib.inc
HOST=$ROOT/tests/fixtures/hostile
export OKNO_NOW=2026-03-20T10:00:00
unset SSH_CLIENT

# Every output of every command is checked (harmless, below).
after_rc() {
	harmless "$T/out"
	harmless "$T/err"
}
ESC=$(printf '\033')
BEL=$(printf '\007')
CSI8=$(printf '\302\233')     # U+009B, the 8-bit CSI
RLO=$(printf '\342\200\256')  # U+202E
LRI=$(printf '\342\201\246')  # U+2066
# harmless FILE: no byte that could drive a terminal or reorder text.
harmless() {
	for b in "$ESC" "$BEL" "$CSI8" "$RLO" "$LRI"; do
		if LC_ALL=C grep -qF -- "$b" "$1"; then
			LC_ALL=C od -c "$1" | grep -F -m3 -e '033' -e '007' -e '302 233' -e '342 200 256' >&2 || true
			fail "$1 holds a raw control or bidi character"
		fi
	done
	iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 ||
		fail "$1 is not valid UTF-8"
}

init_office
role_staff

# ---- intake refuses ---------------------------------------------------------
for f in "$HOST"/*.err; do
	name=$(basename "$f" .err)
	step="intake: $name"
	expect_rc 3 as ivanov case new --service registration --json "$HOST/$name.json"
	while IFS= read -r line; do
		expect_file "$T/err" "$line"
	done <"$f"
done
[ "$(q "SELECT count(*) FROM cases")" = 0 ] || fail "a refused intake left a case"
step="a long message is cut between letters"
# A path of Cyrillic names, longer than a message holds: the message ends
# on a whole letter and says it was cut, never half a letter's bytes.
long=$T/$(printf 'ж%.0s' $(seq 100))/$(printf 'ж%.0s' $(seq 101))/$(printf 'ж%.0s' $(seq 100))/x.json
expect_rc 4 as ivanov case new --service registration --json "$long"
LC_ALL=C grep -q '\\x[dD]' "$T/err" && fail "a letter was cut in two: $(tail -c 40 "$T/err")"
expect_err "жж…"
step="intake: account names"
expect_rc 3 env OKNO_NEW_PASSWORD_FILE="$T/first" OKNO_PASSWORD_FILE="$T/pw.admin" \
	"$OKNO" --db "$DB" --as admin user add evil --name "Злой ${ESC}]0;pwned${BEL}" --role inspector
expect_file "$T/err" 'ФИО: недопустимый управляющий символ «\x1B»'
step="intake: reasons"
expect_rc 0 as ivanov case new --service registration --json "$FIX/registration.json"
d=$(cat "$T/out")
expect_rc 3 as ivanov case event "$d" return --reason "нет ${ESC}[2J документов"
expect_file "$T/err" '[reason]: Основание (пояснение): недопустимый управляющий символ «\x1B»'
expect_rc 3 as ivanov case event "$d" return --reason "$(printf 'нет\r\nдокументов')"
expect_rc 3 as ivanov case event "$d" return --reason "$(head -c 3000 /dev/zero | tr '\0' 'x')"
expect_file "$T/err" 'не более 2000 символов (введено 3000)'

# ---- formula-looking names are text ---------------------------------------
n=0
for k in eq plus minus at; do
	step="formula $k"
	n=$((n + 1))
	expect_rc 0 as ivanov case new --service registration --json "$HOST/formula-$k.json" \
		--field doc_number="FH000000$n"
	expect_rc 0 as ivanov case event "$(cat "$T/out")" accept
done

# ---- values that got in some other way -------------------------------------
step="inject"
expect_rc 0 as ivanov case event "$d" accept
OSC="${ESC}]0;pwned${BEL}"
q "UPDATE cases SET data = json_set(data,
	'\$.host_name', 'Сериков ' || char(27) || ']0;pwned' || char(7) || ' Болат',
	'\$.address_stay', 'г. Алматы' || char(27) || '[2J' || char(155) || '2J',
	'\$.surname', 'АХМЕДОВ' || char(8238) || 'ВОДЕМХА',
	'\$.given_names', 'РУСТАМ' || char(8294) || char(7))
	WHERE id = $d"
# The journal line too, behind okno's back (verify will say so; display
# must stay harmless all the same), and the account's name.
q "DROP TRIGGER journal_no_update;
   UPDATE journal SET content = json_set(content,
	'\$.fields.surname', 'АХМЕДОВ' || char(27) || '[2J' || char(8238),
	'\$.fields.host_name', '=cmd|'' /C calc''!A0' || char(27) || ']0;pwned' || char(7))
	WHERE case_id = $d"
q "UPDATE accounts SET full_name = 'Иванов ' || char(27) || '[31m' || char(8238) || CAST(X'FF' AS TEXT) WHERE login = 'ivanov'"
q "INSERT INTO case_events(case_id, event, from_state, to_state, actor_id, at, reason)
   SELECT $d, 'note', 'accepted', 'accepted', id, '2026-03-20T10:00:00',
	'причина ' || char(27) || '[2J' || CAST(X'C0AF' AS TEXT) || char(7) FROM accounts WHERE login = 'ivanov'"
# A login name from an attacker is audited as given.
expect_rc 5 env OKNO_PASSWORD_FILE="$T/first" "$OKNO" --db "$DB" --as "x${OSC}y" case list

# ---- display ---------------------------------------------------------------------
step="case show"
expect_rc 0 as sidorova case show "$d"
expect_file "$T/out" 'Сериков \x1b]0;pwned\x07 Болат'
expect_file "$T/out" 'г. Алматы\x1b[2J\x9b2J'
expect_file "$T/out" 'АХМЕДОВ\u202eВОДЕМХА'
expect_file "$T/out" 'причина \x1b[2J\xc0\xaf\x07'
step="case list"
expect_rc 0 as sidorova case list
expect_file "$T/out" 'АХМЕДОВ\u202eВОДЕМХА'
step="journal list"
expect_rc 0 as operator journal list
expect_file "$T/out" 'АХМЕДОВ\x1b[2J\u202e'
step="journal verify sees the edit"
expect_rc 1 as operator journal verify
step="audit list"
expect_rc 0 as auditor audit
expect_file "$T/out" 'user:x\x1b]0;pwned\x07y'
step="report"
expect_rc 0 as operator report day --date 20.03.2026
expect_rc 0 as operator report day --format csv
step="messages"
expect_rc 4 as sidorova case show 999
expect_rc 5 as ivanov journal seal

# ---- print ------------------------------------------------------------------------
step="print"
expect_rc 0 as ivanov print "$d" receipt --out "$T/receipt.txt"
harmless "$T/receipt.txt"
expect_file "$T/receipt.txt" 'АХМЕДОВ\u202eВОДЕМХА'
expect_rc 0 as nurlanov print "$d" receipt --out -
expect_file "$T/out" 'РУСТАМ\u2066\x07'
step="journal print"
expect_rc 0 as operator journal print --out "$T/journal.txt"
harmless "$T/journal.txt"

# ---- export -------------------------------------------------------------------------
step="export csv"
expect_rc 0 as operator journal export --format csv --out "$T/j.csv"
harmless "$T/j.csv"
for v in "'=HYPERLINK(" "'+1+1" "'-2+3" "'@SUM(A1:A9)" "'=cmd|"; do
	expect_file "$T/j.csv" "$v"
done
# No cell may start with a bare formula character.
if LC_ALL=C tr -d '\r' <"$T/j.csv" | LC_ALL=C grep -qE '(^|,)"?[=+@-]'; then
	LC_ALL=C grep -nE '(^|,)"?[=+@-]' "$T/j.csv" | head -3 >&2
	fail "a CSV cell starts with a formula character"
fi
expect_rc 0 as operator journal export --format csv
expect_file "$T/out" "'=HYPERLINK("
step="export text"
expect_rc 0 as operator journal export --format text --out "$T/j.txt"
harmless "$T/j.txt"

echo "cli/hostile: all checks passed"
