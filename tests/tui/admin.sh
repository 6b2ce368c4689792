#!/bin/sh
# The administrator's screen and the reports screen: the admin adds an
# account (roles ticked by their names; its first-login password shown
# once, in a box of its own, gone when closed), unlocks one, resets a
# password (asked first), seats an account at a window, adds a day off to
# the calendar and removes it; the chief sees the day's report with the
# queue's times. Screen and database checked.
. tests/tui/lib.inc

scenario() {
	start_as admin admin-pass-12
	wait_for "Главное меню"
	menu_item "Администрирование"
	wait_for "Учётные записи"
	wait_for "ivanov"
	keys Escape 2
	wait_for "Добавить учётную запись"
	keys Enter
	wait_for "Логин:"
	text chief; keys Enter
	wait_for "Ф. И. О.:"
	text "Начальников Пётр Сергеевич"; keys Enter
	wait_for "Должность:"
	text "начальник"; keys Enter
	wait_for "Роли: Пробел — отметить"
	wait_for "[x] инспектор"
	keys Space Down Down Space
	wait_for "[x] начальник подразделения"
	wait_for "[ ] инспектор"
	keys Enter
	wait_for "Пароль первого входа"
	pw0=$(screen | sed -n 's/.*Пароль: \([^ ]*\).*/\1/p')
	[ ${#pw0} -eq 10 ] || fail "first password «$pw0»"
	keys Enter
	wait_gone "$pw0"
	wait_for "Учётная запись chief создана"
	[ "$(sqlite3 "$DB" "SELECT roles FROM accounts WHERE login = 'chief'")" \
		= 4 ] || fail "roles of chief"
	wait_for "Начальников Пётр Сергеевич"
	select_row "chief"
	keys Escape 2
	wait_for "Разблокировать"
	text "Разбл"; keys Enter
	wait_for "разблокирована"
	# A reset asks first; the new password is shown once.
	reset_password "Начальников Пётр Сергеевич"
	pw1=$new_pw
	[ "$pw1" != "$pw0" ] || fail "reset password «$pw1» is the one before"
	keys Escape
	wait_gone "$pw1"
	keys Tab
	wait_gone "$pw1"
	pw0=$pw1
	wait_for "Окно 3"
	keys Escape 2
	wait_for "Закрепить сотрудника"
	keys Enter
	wait_for "Окно №:"
	text 5; keys Enter
	wait_for "Учётная запись:"
	text chief; keys Enter
	wait_for "Окно 5   chief"
	keys Tab
	wait_for "Праздники и переносы"
	wait_for "Наурыз"
	keys Escape 2
	wait_for "Выходной день (перенос)"
	keys Enter
	wait_for "Выходной день (ДД.ММ.ГГГГ):"
	text 15.05.2026; keys Enter
	wait_for "Основание"
	text "Постановление № 1"; keys Enter
	wait_for "15.05.2026  выходной (введён)"
	[ "$(sqlite3 "$DB" "SELECT kind || ':' || note FROM calendar_days")" = \
		"dayoff:Постановление № 1" ] || fail "calendar_days"
	select_row "15.05.2026"
	keys Escape 2
	wait_for "Удалить введённый день"
	text "Удал"; keys Enter
	wait_for "Календарь изменён"
	wait_gone "15.05.2026"
	[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM calendar_days")" -eq 0 ] ||
		fail "day not removed"
	[ "$(sqlite3 "$DB" "SELECT a.login FROM windows w JOIN accounts a ON
		a.id = w.account_id WHERE w.number = 5")" = chief ] ||
		fail "window 5"

	# The chief's report of the day, with the queue's times.
	c1=$(pw chief-pass-123 c1); c0=$(pw "$pw0" c0)
	OKNO_PASSWORD_FILE=$c0 OKNO_NEW_PASSWORD_FILE=$c1 "$OKNO" --db "$DB" \
		--as chief passwd >/dev/null || fail "chief passwd"
	"$OKNO" --db "$DB" queue take --service registration >/dev/null
	as_ivanov queue call >/dev/null || fail "call"
	start_as chief chief-pass-123
	wait_for "Главное меню"
	menu_item "Отчёты"
	wait_for "Отчёт за 20.03.2026"
	wait_for "Принято  Выдача"
	wait_for "Очередь: окно, услуга"
	wait_for "Регистрация иностранца"
	keys Escape 2
	wait_for "Отчёт за 01.03.2026 — 20.03.2026"
}
# xterm only, to keep make check short: these screens are lists and
# prompts drawn by the same helpers the vt100 scenarios exercise.
TERMS=${TERMS:-xterm} each_term scenario
