#!/bin/sh
# The worklist at 80x24 names each case's service whole: the selected
# case's service by its full short name above the list (never cut as the
# old 14-column «Услуга» was), the number with its book's mark and the
# applicant uncut in the row, for a case of each service.
. tests/tui/lib.inc

scenario() {
	for svc in registration invitation border-pass; do
		id=$(as_ivanov case new --service $svc \
			--json tests/fixtures/cases/$svc.json) || fail "case new $svc"
		as_ivanov case event "$id" accept >/dev/null || fail "accept $svc"
	done
	start --as ivanov
	wait_for "Пароль"
	text ivanov-pass1; keys Enter
	wait_for "Главное меню"
	menu_item "Списки дел"
	wait_for "1 Мои дела (3)"
	for row in "РГ-1/2026|АХМЕДОВ РУСТАМ|Регистрация иностранца" \
		"ПГ-1/2026|PETROV IVAN|Приглашение (частные дела)" \
		"ПЗ-1/2026|LI WEI|Пропуск в пограничную зону"; do
		num=${row%%|*}; rest=${row#*|}
		who=${rest%%|*}; svc=${rest#*|}
		select_row "$num"
		wait_for "Услуга: $svc"
		# Whole, on the line above the list (its fifth), nothing after.
		screen | sed -n 5p | grep -q "Услуга: $svc *$" ||
			fail "the service is cut: $(screen | sed -n 5p)"
		screen | grep "^>" | grep -q "$num .*$who" ||
			fail "the row of $num: $(screen | grep '^>')"
	done
	keys Escape
	wait_for "Главное меню"
	text 0
	wait_for "OKNO-EXIT=0"
}
each_term scenario
