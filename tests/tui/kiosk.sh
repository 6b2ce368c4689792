#!/bin/sh
# Kiosk mode: Ctrl-C, Ctrl-\ and Ctrl-Z do nothing; leaving (F10 as Esc 0)
# returns to the login screen instead of a shell, and F10 at the login
# screen does nothing: the login screen still takes what is typed next.
. tests/tui/lib.inc

scenario() {
	start --kiosk
	login_ivanov
	wait_for "Главное меню"
	keys C-c C-'\' C-z
	keys Escape 0
	wait_for "Вход в систему"
	screen | grep -q "OKNO-EXIT" && fail "left the kiosk"
	keys Escape 0
	# Keys are taken in order: once the login field shows what was typed
	# after F10, the F10 has been handled by the login screen.
	text kioskcheck
	wait_for "kioskcheck"
	screen | grep -q "Учётная запись:.*kioskcheck" ||
		fail "F10 at the login left the login screen"
	screen | grep -q "OKNO-EXIT" && fail "F10 at the login left the kiosk"
	return 0
}
TERMS=xterm each_term scenario
