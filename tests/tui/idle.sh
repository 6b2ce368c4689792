#!/bin/sh
# Idle lock: after the idle time the administrator set (okno settings set
# idle.seconds) the screen hides the form until the password is given
# again.
. tests/tui/lib.inc

scenario() {
	# Only the administrator changes settings; each change is audited.
	as_ivanov settings set idle.seconds 2 2>/dev/null &&
		fail "inspector changed a setting"
	OKNO_PASSWORD_FILE=$a1 "$OKNO" --db "$DB" --as admin settings set \
		idle.seconds 2 || fail "setting"
	OKNO_PASSWORD_FILE=$a1 "$OKNO" --db "$DB" --as admin settings set \
		idle.minutes 999 2>/dev/null && fail "out of range accepted"
	[ "$(sqlite3 "$DB" "SELECT login || ' ' || detail FROM audit
		WHERE action = 'settings.set' AND object = 'setting:idle.seconds'")" \
		= "admin - -> 2" ] || fail "no audit line"
	menu_as ivanov
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
