#!/bin/sh
# The journal screen: each entry shows its applicant and citizenship; F7
# finds a surname in every book by the passport's Latin spelling or by its
# Cyrillic reading (ЭРИКССОН, ЕРИКССОН find ERIKSSON), the books' marks
# telling apart two entries numbered 1; the prompt starts empty each time;
# a number that is not in the book is said so, with the last one.
. tests/tui/lib.inc

scenario() {
	for svc in registration invitation; do
		sed 's/"surname": "[^"]*"/"surname": "ERIKSSON"/' \
			"tests/fixtures/cases/$svc.json" >"$W/$svc.json"
		accept_case $svc "$W/$svc.json"
	done
	[ "$(db "SELECT group_concat(book || ' ' || no, ', ') FROM journal
		WHERE no IS NOT NULL ORDER BY book")" = \
		"invitation 1, registration 1" ] || fail "two entries numbered 1"
	start_as ivanov ivanov-pass1
	wait_for "Главное меню"
	open_registration_book
	wait_for "ERIKSSON"
	screen | grep -q "^>      1 20.03.2026 ERIKSSON .* UZB " ||
		fail "applicant or citizenship column empty"
	keys Escape 7
	wait_for "Номер записи или фамилия:"
	text "ЭРИКССОН"; keys Enter
	wait_for "поиск «ЭРИКССОН», все книги"
	[ "$(screen | grep -c '^[> ] *1 [РП]Г .*ERIKSSON')" -eq 2 ] ||
		fail "not both books"
	screen | grep -q "ПГ *20.03.2026" || fail "no book mark"
	keys Escape 7
	wait_for "Номер записи или фамилия:"
	screen | grep -q "фамилия: *ЭРИКССОН" && fail "the old search stayed"
	text "ЕРИКССОН"; keys Enter
	wait_for "поиск «ЕРИКССОН», все книги"
	wait_for "ERIKSSON"
	keys Escape
	wait_for "Журнал: Журнал регистрации"
	keys Escape 7
	wait_for "Номер записи или фамилия:"
	text 99; keys Enter
	wait_for "Записи № 99 в книге «Журнал регистрации иностранцев"
	wait_for "нет (последняя — № 1)"
}
each_term scenario
