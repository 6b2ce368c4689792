#!/bin/sh
# Esc and a digit: typed together (within the kiosk's Esc+digit window)
# they are that function key, on xterm as on vt100; a lone Esc acts once
# the window has passed, and a digit typed after it is a plain digit.
# Inside the window: Esc 6 in a form typed into keeps the draft (F6) and
# types no 6; Esc 1 is F1's help. After it: Esc leaves the form (its text
# kept as a draft) and the digit then picks a main menu item.
. tests/tui/lib.inc

scenario() {
	start --as ivanov
	wait_for "Пароль"
	text ivanov-pass1; keys Enter
	wait_for "Главное меню"
	menu_item "Приём документов: Регистрация"
	wait_for "Сведения об иностранце"
	text "Ахмедов"
	wait_for "[Ахмедов "
	# One send-keys: the digit reaches the kiosk right behind the Esc.
	keys Escape 6
	wait_for "Черновик сохранён"
	screen | grep -q '^>\*Фамилия *\[Ахмедов  ' ||
		fail "Esc 6 was not F6 alone (the field changed or was left)"
	expect_draft surname Ахмедов
	keys Escape 1
	wait_for "Помощь: приём документов"
	keys Escape
	wait_gone "Помощь: приём документов"
	wait_for "[Ахмедов "
	# A lone Esc: it acts when the window has passed (the form is left,
	# a draft kept); only then the digit.
	keys Escape
	wait_for "Главное меню"
	menu_item "Списки дел"
	wait_for "Списки дел"
	wait_gone "Главное меню"
	screen | grep -q "Помощь:" && fail "the digit after the window was a function key"
	[ "$(db "SELECT count(*) FROM drafts")" = 1 ] || fail "drafts"
	keys Escape
	wait_for "Главное меню"
	text 0
	wait_for "OKNO-EXIT=0"
}
each_term scenario
