#!/bin/sh
# The window's printer is a folder, never one file: the registration mark
# printed to a file from the case screen goes to the window's print
# folder under a name made of the book and the journal number, and the
# window remembers the folder only; the next receipt at intake goes to a
# file of its own in that folder and leaves the mark as it was.
. tests/tui/lib.inc

scenario() {
	rm -rf "$W/print" # one folder for both terminals: start afresh
	add_account records records "Спецучётова Анна"
	accept_case registration
	as_user records case event "$id" check-clear >/dev/null || fail check

	start_as ivanov ivanov-pass1
	wait_for "Главное меню"
	menu_item "Списки дел"
	wait_for "К выдаче (1)"
	text 6
	wait_for "РГ-1/2026"
	keys Enter
	wait_for "Дело РГ-1/2026"
	keys Escape 8
	wait_for "Какой документ печатать"
	text "отметка"; keys Enter
	wait_for "Куда печатать"
	keys Enter
	wait_for "Файл:"
	wait_for "print/registration-1-2026-registration-mark.txt"
	keys Enter
	wait_for "Напечатано: отметка о регистрации"
	mark=$W/print/registration-1-2026-registration-mark.txt
	[ -s "$mark" ] || fail "no mark file"
	cp "$mark" "$W/mark.before"
	p=$(db "SELECT printer FROM windows WHERE number = 3")
	[ "$p" = "file:$W/print/" ] || fail "the window's printer is «$p»"
	keys Escape 0
	wait_for "Списки дел"
	keys Escape 0
	wait_for "Главное меню"

	# The next receipt: its own file in the folder, the mark untouched.
	menu_item "Приём документов: Регистрация"
	wait_for "Сведения об иностранце"
	# Another foreigner: the same one would be a duplicate to confirm.
	sed 's/"FA1234567"/"FA7654321"/' tests/fixtures/cases/registration.json \
		>"$W/reg2.json"
	fill_form forms/registration.form "$W/reg2.json"
	accept_form
	wait_for "Расписка (2 экз.) отправлена в файл registration-2-2026-receipt.txt"
	screen | grep -q "Куда печатать" && fail "asked where to print"
	cmp -s "$mark" "$W/mark.before" || fail "the mark was overwritten"
	grep -q "РАСПИСКА № РГ-2/2026" "$W/print/registration-2-2026-receipt.txt" ||
		fail "receipt file"
	[ "$(db "SELECT printer FROM windows WHERE number = 3")" = \
		"file:$W/print/" ] || fail "printer changed"
}
each_term scenario
