#!/bin/sh
# Four eyes at the window (issue 7): the inspector's case screen offers the
# chief's decision marked "(подпись начальника)"; choosing it asks for the
# chief's account and password on the inspector's terminal (the password
# drawn as stars), refuses a wrong one, and with the right one the decision
# is made and recorded as the chief's act, with a "cosign" audit line; the
# same for a reprint and a correction. The inspector never leaves the
# case.
. tests/tui/lib.inc

scenario() {
	add_account records records "Спецучётова Анна Петровна"
	add_account chief chief "Начальников Пётр Сергеевич"
	accept_case registration
	# A hit: the registration goes to the chief (a clear check would
	# have registered it with no chief).
	OKNO_PASSWORD_FILE=$W/pw.records.1 "$OKNO" --db "$DB" --as records \
		case event "$id" check-hit --reason "однофамилец" >/dev/null ||
		fail "check"

	menu_as ivanov
	wait_for "Списки дел"
	menu_item "Списки дел"
	wait_for "Номер       Срок"
	text 5
	wait_for "Ждут решения (1)"
	keys Enter
	wait_for "совпадение по спецучетам"
	# The steps of the reglament's table, with their units and terms,
	# at the end of the case.
	for i in 1 2 3 4; do
		screen | grep -qF "Шаги регламента" && break
		keys NPage
		sleep 0.2
	done
	wait_for "Шаги регламента"
	wait_for "1. Прием и проверка пакета документов заявителя (ГОРОВД, ДМП), 1"
	wait_for "срок 26.03.2026, выполнен 20.03.2026"
	wait_for "2. Заполнение журналов, проверка по специальным учетам"
	keys Escape 2
	wait_for "решение: выдать (подпись начальника)"
	text issue; keys Enter
	wait_for "Обоснование:"
	text "иное лицо"; keys Enter
	wait_for "решение: выдать?"
	wait_for "Нужна подпись начальника"
	keys Escape 2
	wait_for "Подпись начальника — учётная запись:"
	text chief; keys Enter
	wait_for "Подпись начальника — пароль:"
	text wrong-password-1
	wait_for "****************"
	screen | grep -q "wrong-password" && fail "the password is shown"
	keys Enter
	wait_for "Неверная учётная запись или пароль"
	[ "$(sqlite3 "$DB" "SELECT state FROM cases WHERE id = $id")" = hit ] ||
		fail "decided without the chief"

	case_action issue
	wait_for "Обоснование:"
	text "иное лицо"; keys Enter
	wait_for "решение: выдать?"
	keys Escape 2
	wait_for "Подпись начальника — учётная запись:"
	text chief; keys Enter
	wait_for "Подпись начальника — пароль:"
	text chief-pass1; keys Enter
	wait_for "Сделано: решение: выдать"
	screen >"$W/after.screen"
	who=$(sqlite3 "$DB" "SELECT a.login FROM case_events e JOIN accounts a
		ON a.id = e.actor_id WHERE e.case_id = $id AND e.event = 'issue'")
	[ "$who" = chief ] || fail "the decision is recorded as «$who»'s"
	au=$(sqlite3 "$DB" "SELECT group_concat(login || ':' || action || ':' ||
		object, ' ') FROM audit WHERE action IN ('cosign',
		'cosign.fail', 'case.event') AND id > (SELECT max(id) FROM audit
		WHERE action = 'login')")
	[ "$au" = "chief:cosign.fail:user:chief chief:cosign:user:ivanov chief:case.event:case:$id" ] ||
		fail "audit: $au"

	# A reprint: the first print is the inspector's, the second needs the
	# chief, signed here.
	for n in 1 2; do
		keys Escape 8
		wait_for "Какой документ печатать"
		text "расписка"; keys Enter
		wait_for "Куда печатать"
		keys Enter
		wait_for "Файл:"
		keys Enter
		if [ "$n" = 2 ]; then
			wait_for "Подпись начальника — учётная запись:"
			text chief; keys Enter
			wait_for "Подпись начальника — пароль:"
			text chief-pass1; keys Enter
			wait_for "2 экз., ПОВТОРНО"
		else
			wait_for "Напечатано: расписка в приеме документов, 2 экз."
		fi
	done
	rp=$(sqlite3 "$DB" "SELECT group_concat(a.login || ':' || p.reprint, ' ')
		FROM prints p JOIN accounts a ON a.id = p.actor_id WHERE
		p.case_id = $id AND p.copy_no = 1 ORDER BY p.id")
	[ "$rp" = "ivanov:0 chief:1" ] || fail "prints: $rp"

	# A correction of the accepted case, signed by the chief.
	keys Escape 2
	wait_for "исправить запись (подпись начальника)"
	text "исправ"; keys Enter
	wait_for "Какое поле исправить"
	text "Фамилия"; keys Enter
	wait_for "АХМЕДОВ"
	for n in 1 2 3 4 5 6 7; do keys BSpace; done
	text "АХМАДОВ"; keys Enter
	wait_for "Причина исправления:"
	text "опечатка"; keys Enter
	wait_for "Исправить запись?"
	wait_for "Станет: АХМАДОВ"
	keys Escape 2
	wait_for "Подпись начальника — учётная запись:"
	text chief; keys Enter
	wait_for "Подпись начальника — пароль:"
	text chief-pass1; keys Enter
	wait_for "Исправлено: Фамилия (запись в журнале)"
	who=$(sqlite3 "$DB" "SELECT a.login FROM journal j JOIN accounts a
		ON a.id = j.actor_id WHERE j.kind = 'correction'")
	[ "$who" = chief ] || fail "the correction is recorded as «$who»'s"
	keys Escape 0
	return 0
}
TERMS=${TERMS:-xterm} each_term scenario
