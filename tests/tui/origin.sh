#!/bin/sh
# Login origin and Unix binding in the kiosk, as in the CLI: the login is
# recorded with the SSH client's address, and an account bound to another
# Unix user is refused on the login screen.
. tests/tui/lib.inc

admin() { OKNO_PASSWORD_FILE=$a1 "$OKNO" --db "$DB" --as admin "$@"; }

scenario() {
	admin user bind ivanov okno-nobody-else >/dev/null || fail "bind"
	START_ENV="SSH_CLIENT='10.20.30.40 51234 22'" start
	login_ivanov
	wait_for "привязана к другому пользователю системы"
	screen | grep -q "Главное меню" && fail "bound account got in"
	stop_server || exit 1
	admin user bind ivanov "$(id -un)" >/dev/null || fail "bind"
	START_ENV="SSH_CLIENT='10.20.30.40 51234 22'" start
	login_ivanov
	wait_for "Главное меню"
	[ "$(sqlite3 "$DB" "SELECT origin FROM audit WHERE login = 'ivanov'
		AND action = 'login' ORDER BY id DESC LIMIT 1")" = 10.20.30.40 ] ||
		fail "origin not recorded"
	sqlite3 "$DB" "SELECT detail FROM audit WHERE login = 'ivanov' AND
		action = 'login.fail'" | grep -q "unix user" ||
		fail "refusal not audited"
	return 0
}
TERMS=xterm each_term scenario
