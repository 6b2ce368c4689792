#!/bin/sh
# The passport's machine-readable zone at intake: F9 (Esc 9), a document
# reader types the two lines, each ended with Enter. A wrong check digit
# is refused naming the field in the box, with the lines kept, and the
# form stays as it was; the zone read again replaces them; the good
# zone fills surname, given names, birth date, sex, citizenship, document
# type, number and expiry, and the Latin and Cyrillic spellings are shown
# side by side, and the cursor waits on the first empty field that must
# be filled. (ICAO 9303 specimen.)
. tests/tui/lib.inc

L1="P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
L2="L898902C36UTO7408122F1204159ZE184226B<<<<<10"
BAD="L898902C37UTO7408122F1204159ZE184226B<<<<<10"

scenario() {
	start_as ivanov ivanov-pass1 intake registration
	wait_for "9MRZ"
	text "Петров"
	keys Escape 9
	wait_for "машиносчитываемая зона"
	text "$L1"; keys Enter; text "$BAD"; keys Enter
	wait_for "Не прочитано: Номер документа: неверная"
	wait_for "контрольная цифра (в зоне 7, должна быть 6)"
	wait_for "L898902C37UTO7408122F1204159ZE184226B<<<<<10"
	screen | grep -q "L898902C3  " && fail "form changed by a bad zone"
	screen | grep -q "\[Петров" || fail "form changed by a bad zone"
	text "$L1"; keys Enter; text "$L2"; keys Enter
	wait_for "[ERIKSSON"
	wait_for "ERIKSSON ANNA MARIA — ЕРИКССОН АННА МАРИЯ"
	# The cursor waits on the first empty field that must be filled, past
	# the optional ones (Отчество, ИИН, the visa).
	screen | grep -q '^>.*Цель визита' ||
		fail "after the zone the cursor is not on Цель визита"
	screen >"$W/s"
	for v in "[ANNA MARIA" "[12.08.1974]" "[Женский" "[Утопия" \
		"[Паспорт" "[L898902C3" "[15.04.2012]"; do
		grep -qF -- "$v" "$W/s" || fail "not filled: $v"
	done
	return 0
}
each_term scenario
