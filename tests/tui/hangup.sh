#!/bin/sh
# Hang-up with a half-filled form: kill -HUP keeps it as the inspector's
# draft; the next login lists it under «Черновики», and resuming brings
# the values back.
. tests/tui/lib.inc

scenario() {
	menu_as ivanov
	keys 3
	wait_for "Сведения об иностранце"
	text "Иванов"; keys Tab; text "Сергей"; keys Tab; text 01021990
	wait_for "[01.02.1990]"
	pid=$(pgrep -f "^$OKNO --db $DB" | head -n 1)
	[ -n "$pid" ] || fail "no okno process"
	kill -HUP "$pid"
	wait_for "OKNO-EXIT="

	start
	login_ivanov
	wait_for "4. Черновики (1)"
	keys 4
	wait_for "Иванов Сергей"
	wait_for "Регистрация иностранца"
	keys Enter
	wait_for "Черновик восстановлен"
	wait_for "[Иванов"
	wait_for "[01.02.1990]"
	# Leaving keeps it: the same draft, not a second one.
	keys Escape 0
	wait_for "Иванов Сергей"
	keys Escape 0
	wait_for "4. Черновики (1)"
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM drafts")" = 1 ] ||
		fail "the draft was copied"
}
each_term scenario
