#!/bin/sh
# Numbers a person reads: the called ticket's number is on the intake
# screen; the receipt, its file and the ticket's «served» line name the
# case by its journal number with the book's mark, never the internal id;
# two applicants of one day in two books hold different receipt numbers.
. tests/tui/lib.inc

scenario() {
	rm -rf "$W/print" "$W/inv.txt"
	# An invitation accepted first: case id 1, number ПГ-1/2026.
	accept_case invitation
	as_ivanov print "$id" receipt --out "$W/inv.txt" >/dev/null ||
		fail "print"
	"$OKNO" --db "$DB" queue take --service registration >/dev/null ||
		fail "take"
	start_as ivanov ivanov-pass1
	wait_for "Главное меню"
	menu_item "Электронная очередь"
	wait_for "Ожидают в очереди: 1"
	keys Escape 2
	wait_for "Приём документов: Регистрация иностранца · талон 001"
	fill_form forms/registration.form tests/fixtures/cases/registration.json
	accept_form
	wait_for "Расписка № РГ-1/2026"
	wait_for "Куда печатать расписку"
	keys Enter
	wait_for "отправлена в файл registration-1-2026-receipt.txt"
	wait_for "Талон 001 обслужен, дело РГ-1/2026"
	grep -q "РАСПИСКА № РГ-1/2026" "$W/print/registration-1-2026-receipt.txt" ||
		fail "registration receipt number"
	grep -q "РАСПИСКА № ПГ-1/2026" "$W/inv.txt" ||
		fail "invitation receipt number"
	[ "$(db "SELECT c.journal_no || '/' || c.service FROM queue_tickets t
		JOIN cases c ON c.id = t.case_id")" = "1/registration" ] ||
		fail "ticket not linked to the case"
	[ "$(db "SELECT id FROM cases WHERE service = 'registration'")" = 2 ] ||
		fail "the case's id is not 2: the test would not tell ids from numbers"
}
each_term scenario
