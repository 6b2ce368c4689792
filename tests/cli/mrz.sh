#!/bin/sh
# CLI: okno mrz reads the zone on stdin: the ICAO specimens print their
# fields; a broken check digit exits 3 naming the field; a malformed zone
# exits 3; --json gives the form's values.
set -eu
: "${OKNO:?OKNO must name the okno binary}"
T=${TMPDIR:-/tmp}/cli-mrz.$$
mkdir -p "$T"
export TZ=Asia/Almaty LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME=$T OKNO_NOW=2026-03-20T10:00:00
fail() { echo "FAIL: $*" >&2; exit 1; }
run() { # want input args...
	want=$1 input=$2
	shift 2
	rc=0
	printf '%s' "$input" | "$OKNO" mrz "$@" >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" -eq "$want" ] || { cat "$T/out" "$T/err" >&2; fail "exit $rc, expected $want"; }
}
has() { grep -qF -- "$2" "$T/$1" || { cat "$T/$1" >&2; fail "$1 lacks «$2»"; }; }

TD3='P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<
L898902C36UTO7408122F1204159ZE184226B<<<<<10
'
run 0 "$TD3"
has out "ERIKSSON (ЕРИКССОН)"
has out "ANNA MARIA (АННА МАРИЯ)"
has out "L898902C3"
has out "12.08.1974"
has out "15.04.2012"
has out "женский"
run 0 "$TD3" --json
has out '"doc_number": "L898902C3"'
has out '"birth_date": "12.08.1974"'
has out '"sex": "f"'

run 3 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<
L898902C37UTO7408122F1204159ZE184226B<<<<<10
'
has err "[doc_number]"
has err "Номер документа: неверная контрольная цифра"
run 3 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<
L898902C36UTO7408123F1204159ZE184226B<<<<<10
'
has err "Дата рождения: неверная контрольная цифра"
run 3 'I<UTOD231458907<<<<<<<<<<<<<<<
7408122F1204159UTO<<<<<<<<<<<7
ERIKSSON<<ANNA<MARIA<<<<<<<<<<
'
has err "Общая контрольная цифра"

# TD1 without line breaks, Caps Lock on.
run 0 'i<utod231458907<<<<<<<<<<<<<<<7408122f1204159uto<<<<<<<<<<<6eriksson<<anna<maria<<<<<<<<<<'
has out "D23145890"
has out "TD1"
# German passport: D for Germany.
run 0 'P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<
C01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4'
has out "DEU (Германия)"
# Not a zone.
run 3 'hello'
has err "Машиночитаемая зона"
run 3 ''
run 2 "$TD3" --bogus
"$OKNO" mrz --help | grep -q "TD3" || fail "help"
echo "mrz: ok"
