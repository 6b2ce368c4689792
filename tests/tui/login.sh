#!/bin/sh
# Login: a good password leads to the menu with the window, name and
# position on screen; a wrong one is refused; after five wrong ones the
# account is locked and the screen says until when.
. tests/tui/lib.inc

scenario() {
	start
	wait_for "Учётная запись:"
	text ivanov; keys Tab; text wrong-password; keys Enter
	wait_for "Неверная учётная запись или пароль"
	text ivanov-pass1; keys Enter
	wait_for "Главное меню"
	wait_for "Окно 3 · Иванов Иван Иванович, старший инспектор"
	wait_for "Приём документов: Регистрация иностранца"
	# Leave (F10 as Esc 0, which every terminal has).
	keys Escape 0
	wait_for "OKNO-EXIT=0"
	stop_server || exit 1

	start
	for n in 1 2 3 4 5; do
		wait_for "Учётная запись:"
		[ "$n" = 1 ] && { text ivanov; keys Tab; }
		text "bad-$n-password"; keys Enter
		wait_for "Неверн"
	done
	wait_for "заблокирована до"
	text ivanov-pass1; keys Enter
	wait_for "Учётная запись заблокирована до"
	screen | grep -q "Главное меню" && fail "locked account got in"
	# The database agrees: the CLI is refused too.
	as_ivanov case list 2>&1 | grep -q "заблокирована" ||
		fail "CLI not locked"
	return 0
}
each_term scenario
