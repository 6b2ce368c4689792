#!/bin/sh
# A training database says «УЧЕБНЫЙ РЕЖИМ — ОБРАЗЕЦ» in the header of every
# screen, from the login on; an office database never does.
. tests/ns.inc
. tests/tui/lib.inc

MARK="УЧЕБНЫЙ РЕЖИМ — ОБРАЗЕЦ"

scenario() {
	start
	wait_for "Вход в систему"
	wait_for "$MARK"
	login_ivanov
	wait_for "Главное меню"
	screen | sed -n 2p | grep -qF "$MARK" || fail "no mark in the menu's header"
	menu_item "Журнал"
	wait_for "Журнал: Журнал"
	screen | sed -n 2p | grep -qF "$MARK" || fail "no mark in the journal's header"
	keys Escape
	wait_for "Главное меню"
	keys Escape 0
	wait_for "OKNO-EXIT=0"
	return 0
}
each_term scenario

# An office database: the same screens without the mark.
office() {
	DB=$W/office.db
	o0=$(pw 'office-first-1' o0); o1=$(pw 'office-pass-12' o1)
	env -u OKNO_NOW -u OKNO_FORMS OKNO_PASSWORD_FILE=$o0 "$OKNO" --db "$DB" \
		init --office OVD-2 --name "УМП ОП Алмалинского района" \
		--region "г. Алматы" >/dev/null || fail "init"
	env -u OKNO_NOW -u OKNO_FORMS OKNO_PASSWORD_FILE=$o0 \
		OKNO_NEW_PASSWORD_FILE=$o1 "$OKNO" --db "$DB" --as admin passwd \
		>/dev/null || fail "passwd"
	START_ENV="OKNO_FORMS= OKNO_NOW=" start
	wait_for "Вход в систему"
	text admin; keys Tab
	text office-pass-12; keys Enter
	wait_for "Администрирование"
	screen | grep -qF "$MARK" && fail "an office database shows the training mark"
	keys Escape 0
	wait_for "OKNO-EXIT=0"
	return 0
}
T_TERM=xterm
office
