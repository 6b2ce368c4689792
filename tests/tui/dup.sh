#!/bin/sh
# The duplicate key: after one accepted application, Esc 4 (F4) in a field
# of the next one copies that field from it and moves on.
. tests/tui/lib.inc

scenario() {
	start_as ivanov ivanov-pass1 intake registration
	wait_for "Сведения об иностранце"
	fill_form forms/registration.form tests/fixtures/cases/registration.json
	accept_form
	wait_for "Документы приняты."
	wait_for "Куда печатать расписку"
	keys Enter
	wait_for "Расписка (2 экз.) отправлена в файл"
	keys Enter
	wait_for "Сведения об иностранце"
	keys Escape 4
	wait_for "[АХМЕДОВ"
	screen | grep -q '^>\*Имя' || fail "did not move on after F4"
	# Tab passes over the patronymic (optional, empty) to the birth date.
	text "ДИЛШОД"; keys Tab
	wait_for ">*Дата рождения"
	keys Escape 4
	wait_for "[14.05.1988]"
	return 0
}
each_term scenario
