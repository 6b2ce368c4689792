#!/bin/sh
# Idle lock: after the configured idle time (settings idle.seconds) the
# screen hides the form until the password is given again.
. tests/tui/lib.inc

scenario() {
	sqlite3 "$DB" "INSERT OR REPLACE INTO settings(key, value)
		VALUES('idle.seconds', '2')" || fail "setting"
	start
	login_ivanov
	wait_for "Главное меню"
	keys 3
	wait_for "Сведения об иностранце"
	text "Иванов"
	wait_for "Экран заблокирован" 6
	screen | grep -q "Иванов\\]\\|\\[Иванов" && fail "data visible when locked"
	text wrong-password; keys Enter
	wait_for "Неверн"
	text ivanov-pass1; keys Enter
	wait_for "[Иванов"
	return 0
}
each_term scenario
