#!/bin/sh
# From the queue to the hand-out, for each service, with several logins:
# three tickets taken at the door; the inspector at window 3 calls each,
# which opens intake of the ticket's service, accepts it and finishes the
# ticket (the case is linked to it); the records officer records the
# check, the chief issues two and refuses one with a ground, the inspector
# hands all three out. Screen and database are checked at each step.
. tests/tui/lib.inc

form_of() {
	case $1 in
	border-pass) echo forms/border-pass-person.form ;;
	*) echo "forms/$1.form" ;;
	esac
}

# add_account LOGIN ROLE NAME: with its first password changed to LOGIN-pass1.
add_account() {
	p0=$(pw "$1-first-1" "$1.0"); p1=$(pw "$1-pass1" "$1.1")
	OKNO_PASSWORD_FILE=$a1 OKNO_NEW_PASSWORD_FILE=$p0 "$OKNO" --db "$DB" \
		--as admin user add "$1" --name "$3" --position "сотрудник" \
		--role "$2" >/dev/null || fail "user add $1"
	OKNO_PASSWORD_FILE=$p0 OKNO_NEW_PASSWORD_FILE=$p1 \
		"$OKNO" --db "$DB" --as "$1" passwd >/dev/null || fail "passwd $1"
}

# kiosk LOGIN: the kiosk as LOGIN, past the password.
kiosk() {
	$T kill-server 2>/dev/null
	start --as "$1"
	wait_for "Пароль"
	text "$1-pass1"; keys Enter
	wait_for "Главное меню"
}

# worklist N: open the worklists and the list N.
worklist() {
	wait_for "Списки дел"
	item=$(screen | grep -o '[0-9]\. Списки дел' | cut -c1)
	text "$item"
	wait_for "Номер      Услуга"
	text "$1"
}

scenario() {
	add_account records records "Спецучётова Анна Петровна"
	add_account chief chief "Начальников Пётр Сергеевич"
	cp "$i1" "$W/pw.ivanov.1"
	for svc in registration invitation border-pass; do
		"$OKNO" --db "$DB" queue take --service $svc >/dev/null ||
			fail "take"
	done
	[ "$("$OKNO" --db "$DB" queue take)" = "004" ] || fail "4th ticket"

	# The inspector: call, intake, accept, finish; three times.
	kiosk ivanov
	item=$(screen | grep -o '[0-9]\. Электронная очередь' | cut -c1)
	text "$item"
	wait_for "Ожидают в очереди: 4"
	n=0
	for svc in registration invitation border-pass; do
		n=$((n + 1))
		keys Escape 2
		wait_for "Приём документов:"
		python3 tests/tui/fill.py "$SOCK" "$(form_of $svc)" \
			"tests/fixtures/cases/$svc.json" || fail "fill $svc"
		wait_for "[x]"
		keys Escape 2
		wait_for "Документы приняты."
		keys F10
		wait_for "Талон 00$n у окна 3"
		keys Escape 8
		wait_for "Талон 00$n обслужен, дело $n"
	done
	# The fourth applicant does not come.
	keys Escape 2
	wait_for "Поиск:" # no service named: the pick-list of services
	keys Escape
	wait_for "Талон 004 у окна 3"
	keys Escape 4
	wait_for "Талон 004: заявитель не явился"
	as_ivanov queue list >"$W/q" || fail "queue list"
	grep -q "^001 done .*registration.* дело 1$" "$W/q" || { cat "$W/q"; fail "ticket 1"; }
	grep -q "^003 done .*border-pass.* дело 3$" "$W/q" || { cat "$W/q"; fail "ticket 3"; }
	grep -q "^004 no-show" "$W/q" || { cat "$W/q"; fail "ticket 4"; }

	# The records officer: the check of each case.
	kiosk records
	worklist 4
	wait_for "Ждут проверки (3)"
	for n in 1 2 3; do
		keys Enter
		wait_for "Состояние: принято, на проверке"
		keys Escape 2
		wait_for "Действие по делу"
		text check-clear; keys Enter
		wait_for "Сделано: проверка: совпадений нет"
		keys F10
		wait_for "Ждут проверки ($((3 - n)))"
	done

	# The chief: issue the first two, refuse the third with a ground.
	kiosk chief
	worklist 5
	wait_for "Ждут решения (3)"
	for n in 1 2; do
		keys Enter
		wait_for "проверено по спецучетам"
		keys Escape 2
		wait_for "Действие по делу"
		text issue; keys Enter
		wait_for "Сделано: решение: выдать"
		keys F10
		wait_for "Ждут решения ($((3 - n)))"
	done
	keys Enter
	wait_for "проверено по спецучетам"
	keys Escape 2
	wait_for "Действие по делу"
	text refuse; keys Enter
	wait_for "Основание отказа"
	keys Enter
	wait_for "Обоснование отказа:"
	text "Сведения в заявлении не подтвердились"; keys Enter
	wait_for "Сделано: решение: отказать"
	wait_for "основание:"
	keys F10

	# The inspector hands out all three.
	kiosk ivanov
	worklist 6
	wait_for "К выдаче (3)"
	for n in 1 2 3; do
		keys Enter
		wait_for "готово к выдаче"
		keys Escape 2
		wait_for "Действие по делу"
		text hand-out; keys Enter
		wait_for "Кому выдано:"
		keys Enter
		wait_for "Сделано: выдать результат"
		keys F10
		wait_for "К выдаче ($((3 - n)))"
	done

	as_ivanov case list >"$W/list" || fail "case list"
	[ "$(grep -c handed_out "$W/list")" -eq 3 ] || { cat "$W/list"; fail "not handed out"; }
	as_ivanov case show 3 >"$W/show" || fail "case show"
	grep -q "refuse" "$W/show" || { cat "$W/show"; fail "refusal"; }
	grep -q "Сведения в заявлении не подтвердились" "$W/show" ||
		{ cat "$W/show"; fail "refusal text"; }
}
each_term scenario
