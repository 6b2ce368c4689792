#!/bin/sh
# The passport's zone typed on a keyboard left in the Russian layout: each
# line counts 44 letters however many bytes they take, the whole line is
# shown; a wrong check digit is said whole in the box and the lines stay
# until the zone is read again; read right, the form is filled in Latin
# with the Cyrillic reading beside it and the cursor goes on to the first
# empty field that must be filled. The draft in the database holds what was read.
. tests/tui/lib.inc

L1="P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
L2="L898902C36UTO7408122F1204159ZE184226B<<<<<10"
BAD="L898902C37UTO7408122F1204159ZE184226B<<<<<10"
# The same keys in the ЙЦУКЕН layout.
ru() {
	echo "$1" | sed 'y/QWERTYUIOPASDFGHJKLZXCVBNM</ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬБ/'
}

scenario() {
	start_as ivanov ivanov-pass1 intake registration
	wait_for "9MRZ"
	keys Escape 9
	wait_for "машиносчитываемая зона"
	text "$(ru "$L1")"; keys Enter; text "$(ru "$BAD")"; keys Enter
	wait_for "Не прочитано: Номер документа: неверная"
	wait_for "(в зоне 7, должна быть 6)"
	# Both lines whole, 44 letters each.
	wait_for "$(ru "$L1")"
	wait_for "$(ru "$BAD")"
	screen | grep -q "нужны 2 строки" && fail "counted bytes"
	text "$(ru "$L1")"; keys Enter; text "$(ru "$L2")"; keys Enter
	wait_for "[ERIKSSON"
	wait_for "ЕРИКССОН АННА МАРИЯ"
	wait_for "(набрано в русской"
	screen | grep -q "^>.*Цель визита" ||
		fail "the cursor is not on the first empty field that must be filled"
	keys Escape 6
	wait_for "Черновик сохранён"
	expect_draft surname ERIKSSON
	expect_draft doc_number L898902C3
}
each_term scenario
