#!/bin/sh
# The duplicate key: after one accepted application, Esc 4 (F4) in a field
# of the next one copies that field from it and moves on.
. tests/tui/lib.inc

scenario() {
	start --as ivanov intake registration
	wait_for "Пароль"
	text ivanov-pass1; keys Enter
	wait_for "Сведения об иностранце"
	python3 tests/tui/fill.py "$SOCK" forms/registration.form \
		tests/fixtures/cases/registration.json || fail fill
	wait_for "[x]"
	keys Escape 2
	wait_for "Принять документы?"
	keys Escape 2
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
