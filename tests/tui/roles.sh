#!/bin/sh
# Each role's screens: the chief's list marks the records hits; the
# records officer sees, on the case, what the special-records list holds
# that resembles the applicant; the operator takes blanks into stock and
# writes a Berkut batch; the auditor reads and verifies the audit log; a
# hand-out offers to print what was handed out; a refusal is printed to
# the print folder by default; only those who sit at a window are told
# they do not.
. tests/tui/lib.inc

scenario() {
	rm -rf "$W/print"
	add_account records records "Спецучётова Анна"
	add_account chief chief "Начальников Пётр"
	add_account oper operator "Журналова Ольга"
	add_account aud auditor "Аудиторова Алла"
	for n in 1 2; do
		sed "s/\"doc_number\": \"FA1234567\"/\"doc_number\": \"FA123456$n\"/" \
			tests/fixtures/cases/registration.json >"$W/r$n.json"
		as_ivanov case new --service registration --json "$W/r$n.json" \
			>/dev/null || fail "case new $n"
		as_ivanov case event $n accept >/dev/null || fail "accept $n"
	done
	printf 'kind,surname,given_names,birth_date,citizenship,doc_number\n%s\n' \
		"entry_ban,АХМЕДОВ,РУСТАМ,14.05.1988,UZB,FA1234561" >"$W/rec.csv"
	as_user records records import "$W/rec.csv" >/dev/null || fail import

	# The records officer: the resemblance is on the case.
	menu_as records
	screen | grep -q "Вы не закреплены" && fail "told about a window"
	menu_item "Списки дел"
	wait_for "Ждут проверки (2)"
	select_row "РГ-1/2026"
	keys Enter
	wait_for "Проверка по спецучётам"
	wait_for "АХМЕДОВ РУСТАМ"
	wait_for "запрет въезда"
	case_action check-hit
	wait_for "Сведения о совпадении:"
	text "запрет въезда до 2030"; keys Enter
	wait_for "проверка: совпадение?"
	keys Escape 2
	wait_for "Сделано: проверка: совпадение"
	as_user records case event 2 check-clear >/dev/null || fail check

	# The chief: only the hit waits for a decision (the clear check
	# registered case 2); refuse 1.
	menu_as chief
	menu_item "Списки дел"
	wait_for "Ждут решения (1)"
	screen | grep "РГ-1/2026" | grep -q "совпадение по спецучётам" ||
		fail "the hit is not marked"
	screen | grep -q "РГ-2/2026" && fail "a registered case waits for the chief"
	as_user chief case event 1 refuse --ground records-hit \
		--reason "запрет въезда" >/dev/null || fail refuse
	keys Escape 0
	wait_for "Главное меню"
	open_registration_book
	keys Up
	wait_for ">      1 "
	keys Enter
	wait_for "решение: отказ"
	keys Escape 8
	wait_for "Какой документ печатать"
	text "мотив"; keys Enter
	wait_for "Куда печатать"
	keys Enter
	wait_for "Файл:"
	wait_for "print/registration-1-2026-refusal.txt"

	# The inspector hands case 2 out and is offered its print.
	start_as ivanov ivanov-pass1
	wait_for "Главное меню"
	menu_item "Списки дел"
	wait_for "К выдаче (2)"
	text 6
	select_row "РГ-2/2026"
	keys Enter
	wait_for "Дело РГ-2/2026"
	keys Escape 2
	text hand-out; keys Enter
	wait_for "Кому выдано:"
	keys Enter
	wait_for "выдать результат заявителю?"
	keys Escape 2
	wait_for "Напечатать выданный документ?"
	text "отметка"; keys Enter
	wait_for "Куда печатать"
	keys Enter
	wait_for "Файл:"
	keys Enter
	wait_for "Напечатано: отметка о регистрации"
	[ "$(db "SELECT count(*) FROM prints WHERE case_id = 2 AND
		document = 'registration-mark'")" -ge 1 ] || fail "mark not printed"

	# The operator: blanks and a Berkut batch.
	menu_as oper
	menu_item "Бланки строгой отчётности"
	wait_for "Бланки за 20.03.2026"
	keys Escape 2
	wait_for "Принять бланки на учёт"
	keys Enter
	wait_for "Вид бланков"
	keys Enter
	wait_for "Первый бланк"
	text "AB 1001"; keys Enter
	wait_for "Последний бланк"
	text "AB 1010"; keys Enter
	wait_for "Принять бланки на учёт?"
	keys Escape 2
	wait_for "Принято на учёт бланков: 10"
	[ "$(db "SELECT count(*) FROM blanks")" = 10 ] || fail "blanks"
	keys Escape 0
	wait_for "Главное меню"
	menu_item "ЕИС «Беркут»"
	wait_for "Пакетов ещё не было"
	keys Escape 2
	wait_for "Сформировать следующий пакет"
	keys Enter
	wait_for "Папка для пакетов:"
	keys Enter
	wait_for "Сформировать пакет?"
	keys Escape 2
	wait_for "Пакет 1: записей 1"
	wait_for "1 раз  ждёт квитанции"
	[ "$(db "SELECT count(*) FROM berkut_batches")" = 1 ] || fail "batch"

	# The auditor: the log, and its chain verified.
	menu_as aud
	menu_item "Журнал аудита"
	wait_for "Журнал аудита"
	wait_for "berkut"
	keys Escape 2
	wait_for "Проверить цепочку журнала аудита"
	keys Enter
	wait_for "Цепочка хешей цела"
	return 0
}
each_term scenario
