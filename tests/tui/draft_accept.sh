#!/bin/sh
# Drafts per applicant: accepting one application removes that
# application's draft and leaves the draft of another applicant of the
# same form alone, in the database and on the drafts screen.
. tests/tui/lib.inc

scenario() {
	start --as ivanov
	wait_for "Пароль"
	text ivanov-pass1; keys Enter
	wait_for "Черновики (0)"
	# The first applicant: a few fields, kept as a draft.
	menu_item "Приём документов: Регистрация"
	wait_for "Сведения об иностранце"
	text "КАРИМОВ"; keys Tab; text "ТИМУР"; keys Tab
	keys Escape 6
	wait_for "Черновик сохранён"
	keys Escape 0
	wait_for "Черновики (1)"
	# The second applicant, the same form: filled, kept as a draft too,
	# then accepted.
	menu_item "Приём документов: Регистрация"
	wait_for "Сведения об иностранце"
	screen | grep -q '^>\*Фамилия *\[ *\]' || fail "the new form is not blank"
	python3 tests/tui/fill.py "$SOCK" forms/registration.form \
		tests/fixtures/cases/registration.json || fail "fill"
	wait_for "[x]"
	keys Escape 6
	wait_for "Черновик сохранён"
	[ "$(db "SELECT group_concat(json_extract(data, '\$.surname'), ',')
		FROM (SELECT data FROM drafts ORDER BY id)")" = \
		"КАРИМОВ,АХМЕДОВ" ] || fail "drafts before: $(db "SELECT data FROM drafts")"
	keys Escape 2
	wait_for "Принять документы?"
	keys Escape 2
	wait_for "Документы приняты."
	wait_for "Куда печатать расписку"
	text 0
	wait_for "Не напечатано"
	[ "$(db "SELECT state || ':' || json_extract(data, '\$.surname')
		FROM cases")" = "accepted:АХМЕДОВ" ] || fail "the case"
	[ "$(db "SELECT group_concat(json_extract(data, '\$.surname'), ',')
		FROM drafts")" = "КАРИМОВ" ] ||
		fail "drafts after accept: $(db "SELECT data FROM drafts")"
	# The audit: one draft removed, the accepted one's.
	[ "$(db "SELECT count(*) FROM audit WHERE action = 'draft.delete'")" \
		= 1 ] || fail "draft removals audited"
	keys Escape 0
	wait_for "Черновики (1)"
	menu_item "Черновики"
	wait_for "Черновики заявлений"
	wait_for "КАРИМОВ ТИМУР"
	screen | grep -q "АХМЕДОВ" && fail "the accepted application's draft is listed"
	keys Escape
	wait_for "Главное меню"
	text 0
	wait_for "OKNO-EXIT=0"
}
each_term scenario
