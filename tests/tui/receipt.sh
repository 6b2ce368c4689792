#!/bin/sh
# The receipt on acceptance, and the border pass's second form. The
# window has no printer yet: after F2 the kiosk asks once where to print,
# Enter takes the print folder next to the database, the receipt is
# written there (two copies, logged) as a file named by the book and the
# journal number, and the folder is remembered, so the next acceptance
# prints without asking. The border pass has two forms: intake asks which
# first, the organisation's petition is chosen by typing.
. tests/tui/lib.inc

scenario() {
	start_as ivanov ivanov-pass1 intake border-pass
	wait_for "Форма заявления"
	text "Ходат"; keys Enter
	wait_for "Сведения об организации"
	wait_for "Ходатайство организации о выдаче"
	fill_form forms/border-pass-org.form \
		tests/fixtures/cases/border-pass-org.json
	accept_form
	wait_for "Документы приняты."
	wait_for "Куда печатать расписку"
	wait_for "1 — в папку печати $W/print/"
	keys Enter
	wait_for "Расписка (2 экз.) отправлена в файл border-pass-1-2026-receipt.txt"
	grep -q "РАСПИСКА № ПЗ-1/2026" "$W/print/border-pass-1-2026-receipt.txt" ||
		fail "no receipt in the file"
	[ "$(sqlite3 "$DB" "SELECT form_id FROM cases WHERE id = 1")" = \
		border-pass-org ] || fail "case not on the organisation's form"
	[ "$(sqlite3 "$DB" "SELECT printer FROM windows WHERE number = 3")" \
		= "file:$W/print/" ] || fail "printer not remembered"
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM prints WHERE case_id = 1")" \
		-ge 1 ] || fail "print not logged"
	# The next one prints straight away.
	keys Enter
	wait_for "Форма заявления"
	text "Ходат"; keys Enter
	wait_for "Сведения об организации"
	fill_form forms/border-pass-org.form \
		tests/fixtures/cases/border-pass-org.json "fill 2"
	accept_form
	# The same foreigner again while the first pass is pending: a warning
	# of the rules, confirmed with F2.
	wait_for "[pass.duplicate]"
	keys Escape 2
	wait_for "Расписка (2 экз.) отправлена в файл border-pass-2-2026-receipt.txt"
	screen | grep -q "Куда печатать" && fail "asked again"
	keys Escape 0
	wait_for "OKNO-EXIT=0"
	rm -f "$W/print/border-pass-1-2026-receipt.txt"
	return 0
}
TERMS=xterm each_term scenario
