#!/bin/sh
# One key language: F1 is a full-screen help on every screen, Esc goes
# back from a form (its text kept as a draft) and from the menu; the key
# bar of a terminal without function keys says Esc+ and shows F10 as 0;
# the menu's numbers do not move when a draft appears, and 0 leaves; F8
# prints on the case screen as in the journal; a key the account cannot
# use is not on its bar (the auditor: no act, no print).
. tests/tui/lib.inc

scenario() {
	add_account aud auditor "Аудиторова Алла"
	accept_case registration
	start_as ivanov ivanov-pass1
	wait_for "Главное меню"
	if [ "$T_TERM" = vt100 ]; then wait_for "Esc+1Помощь 0Выход"
	else wait_for "1Помощь 10Выход"; fi
	wait_for "4. Черновики (0)"
	wait_for "0. Выход"
	keys Escape 1
	wait_for "Помощь: главное меню"
	keys Escape
	wait_for "Главное меню"
	text 3
	wait_for "Сведения об иностранце"
	text "Ахмедов"
	keys Escape 1
	wait_for "Помощь: приём документов"
	wait_for "↓ — ещё"
	# The field's own help follows the screen's, further down.
	press_until "Поле «Фамилия»" Down 10 "no help of the field"
	keys Down Down Down Down Down Down Down Down
	wait_for "Клавиши на всех экранах"
	keys Escape
	wait_for "[Ахмедов"
	# Esc leaves the form; what was typed is a draft.
	keys Escape
	wait_for "Заявление сохранено как черновик"
	wait_for "4. Черновики (1)"
	[ "$(db "SELECT json_extract(data, '\$.surname') FROM drafts")" = \
		"Ахмедов" ] || fail "draft"
	item=$(screen | grep -o '[0-9]\. Журнал' | cut -c1)
	[ "$item" = 7 ] || fail "the journal moved to $item"
	text "$item"
	wait_for "Журнал: Журнал"
	wait_for "8Печать"
	keys Escape 1
	wait_for "Помощь: журнал"
	keys Escape
	press_until "Журнал: Журнал регистрации" Right 5 "no registration book"
	wait_for "АХМЕДОВ"
	keys Enter
	wait_for "Дело РГ-1/2026"
	wait_for "2Действие 8Печать"
	keys Escape 8
	wait_for "Какой документ печатать"
	keys Escape
	wait_gone "Какой документ печатать"
	keys Escape
	wait_for "Журнал: Журнал регистрации"
	keys Escape
	wait_for "Главное меню"
	text 0
	wait_for "OKNO-EXIT=0"

	# The auditor reads the case: no act, no print on its bar.
	menu_as aud
	screen | grep -q "Приём документов\|Черновики" && fail "intake offered"
	screen | grep -q "Вы не закреплены" && fail "told about a window"
	open_registration_book
	wait_for "АХМЕДОВ"
	keys Enter
	wait_for "Дело РГ-1/2026"
	screen | grep -q "Действие\|Печать" && fail "keys the auditor cannot use"
	return 0
}
each_term scenario
