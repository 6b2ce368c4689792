#!/bin/sh
# Hang-up with a half-filled form: kill -HUP keeps it as the inspector's
# draft; the next login offers it, and resuming brings the values back.
. tests/tui/lib.inc

scenario() {
	start
	login_ivanov
	wait_for "Главное меню"
	keys 3
	wait_for "Сведения об иностранце"
	text "Иванов"; keys Tab; text "Сергей"; keys Tab Tab; text 01021990
	wait_for "[01.02.1990]"
	pid=$(pgrep -f "^$OKNO --db $DB" | head -n 1)
	[ -n "$pid" ] || fail "no okno process"
	kill -HUP "$pid"
	wait_for "OKNO-EXIT="

	start
	login_ivanov
	wait_for "Продолжить черновик: Регистрация иностранца"
	keys Enter
	wait_for "Черновик восстановлен"
	wait_for "[Иванов"
	wait_for "[01.02.1990]"
	# Accepting or returning removes the draft; leaving keeps it.
	keys Escape 0
	wait_for "Главное меню"
	wait_for "Продолжить черновик"
}
each_term scenario
