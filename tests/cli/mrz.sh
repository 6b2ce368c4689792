#!/bin/sh
# CLI: okno mrz reads the zone on stdin: the ICAO specimens print their
# fields; a broken check digit exits 3 naming the field; a malformed zone
# exits 3; --json gives the form's values.
# engines: sqlite pg
set -eu
NAME=mrz
. tests/cli/lib.inc
export OKNO_NOW=2026-03-20T10:00:00
# run WANT INPUT ARGS...: okno mrz ARGS with INPUT on stdin must exit WANT.
run() {
	want=$1
	printf '%s' "$2" >"$T/in"
	shift 2
	step="mrz $*"
	expect_rc "$want" "$OKNO" mrz "$@" <"$T/in"
}

TD3='P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<
L898902C36UTO7408122F1204159ZE184226B<<<<<10
'
run 0 "$TD3"
expect_out "ERIKSSON (ЕРИКССОН)"
expect_out "ANNA MARIA (АННА МАРИЯ)"
expect_out "L898902C3"
expect_out "12.08.1974"
expect_out "15.04.2012"
expect_out "женский"
run 0 "$TD3" --json
expect_out '"doc_number": "L898902C3"'
expect_out '"birth_date": "12.08.1974"'
expect_out '"sex": "f"'

run 3 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<
L898902C37UTO7408122F1204159ZE184226B<<<<<10
'
expect_err "[doc_number]"
expect_err "Номер документа: неверная контрольная цифра"
run 3 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<
L898902C36UTO7408123F1204159ZE184226B<<<<<10
'
expect_err "Дата рождения: неверная контрольная цифра"
run 3 'I<UTOD231458907<<<<<<<<<<<<<<<
7408122F1204159UTO<<<<<<<<<<<7
ERIKSSON<<ANNA<MARIA<<<<<<<<<<
'
expect_err "Общая контрольная цифра"

# TD1 without line breaks, Caps Lock on.
run 0 'i<utod231458907<<<<<<<<<<<<<<<7408122f1204159uto<<<<<<<<<<<6eriksson<<anna<maria<<<<<<<<<<'
expect_out "D23145890"
expect_out "TD1"
# German passport: D for Germany.
run 0 'P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<
C01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4'
expect_out "DEU (Германия)"
# Not a zone.
run 3 'hello'
expect_err "Машиночитаемая зона"
run 3 ''
run 2 "$TD3" --bogus
"$OKNO" mrz --help | grep -q "TD3" || fail "help"
echo "mrz: ok"
