#!/bin/sh
# Acts that cannot be undone wait for F2 in a box that says what they do;
# the Enter that chose them does not confirm them: the chief's issue (the
# act chosen from the list), the operator's closing of the day (which says
# when the day was already closed), the admin's password reset, whose new
# password is shown once in a box of its own and is gone when it closes.
. tests/tui/lib.inc

# ask_issue: on the case, F2, the decision «issue» and its reason, up to
# the question whether to issue.
ask_issue() {
	case_action issue
	wait_for "Обоснование:"
	text "совпадение не подтвердилось"; keys Enter
	wait_for "решение: выдать?"
}

scenario() {
	add_account records records "Спецучётова Анна"
	add_account chief chief "Начальников Пётр"
	add_account oper operator "Журналова Ольга"
	accept_case registration
	# A hit: the registration goes to the chief (a clear check would have
	# registered it with no decision).
	as_user records case event "$id" check-hit --reason "однофамилец" \
		>/dev/null || fail check

	# The chief: F2, Enter on «выдать» asks; Esc leaves it undecided.
	menu_as chief
	menu_item "Списки дел"
	wait_for "Ждут решения (1)"
	keys Enter
	wait_for "Дело РГ-1/2026"
	ask_issue
	wait_for "В журнал будет внесена строка"
	keys Enter
	sleep 0.3
	[ "$(db "SELECT state FROM cases")" = hit ] || fail "issued by Enter"
	keys Escape
	wait_for "Отменено: ничего не записано"
	[ "$(db "SELECT state FROM cases")" = hit ] || fail "issued by Esc"
	ask_issue
	keys Escape 2
	wait_for "Сделано: решение: выдать"
	[ "$(db "SELECT state FROM cases")" = issued ] || fail "not issued"

	# The operator closes the day once, and is told before a second time.
	menu_as oper
	menu_item "Журнал"
	wait_for "Журнал: Журнал"
	keys Escape 2
	wait_for "Закрыть день"
	text "Закр"; keys Enter
	wait_for "Закрыть день?"
	keys Enter
	sleep 0.3
	[ "$(db "SELECT count(*) FROM journal WHERE kind = 'day-close'")" = 0 ] ||
		fail "closed by Enter"
	keys Escape 2
	wait_for "День 2026-03-20 закрыт"
	keys Escape 2
	wait_for "Закрыть день"
	text "Закр"; keys Enter
	wait_for "День уже закрыт. Закрыть повторно?"
	wait_for "День 20.03.2026 закрыт в 10:00"
	keys Escape
	wait_for "Отменено: ничего не записано"
	[ "$(db "SELECT count(*) FROM journal WHERE kind = 'day-close'")" = 1 ] ||
		fail "a second closing line"
}
# The admin's part: its own login (admin-pass-12).
admin_part() {
	start_as admin admin-pass-12
	wait_for "Главное меню"
	menu_item "Администрирование"
	wait_for "Учётные записи"
	select_row "ivanov"
	reset_password
	pw=$new_pw
	[ "$(db "SELECT must_change FROM accounts WHERE login = 'ivanov'")" = 1 ] ||
		fail "not reset in the database"
	keys Enter
	wait_gone "$pw"
	keys Tab
	keys Tab
	screen | grep -q "$pw" && fail "the password stayed on screen"
	return 0
}
full() { scenario && admin_part; }
each_term full
