#!/bin/sh
# The region's accounts at the kiosk: the regional records officer's
# worklist holds the checks waiting in both offices of the region, each
# line with its office's code, and a check is made on a case of the other
# office; the regional head's list holds the pass that waits for a
# decision in that office, and the head issues it: the decision's journal
# line names the head and the regional unit. An inspector of the first
# office sees neither the office column nor the other office's cases.
. tests/tui/lib.inc

# filed LOGIN SERVICE DOC: a case filed and accepted; prints its id.
filed() {
	_id=$(as_user "$1" case new --service "$2" \
		--json "tests/fixtures/cases/$2.json" --field doc_number="$3") ||
		fail "case new $2 by $1"
	as_user "$1" case event "$_id" accept >/dev/null || fail "accept $_id"
	echo "$_id"
}

scenario() {
	OKNO_PASSWORD_FILE=$a1 "$OKNO" --db "$DB" --as admin office add A02 \
		--name "Алмалинский РУП ДП г. Алматы" --region R1 >/dev/null ||
		fail "office add"
	cp "$W/pw.i1" "$W/pw.ivanov.1"
	add_account petrov inspector "Петров Пётр Петрович" \
		--position=инспектор --office=A02
	# The region's accounts (region R1, no office).
	add_account rec records "Регионова Мария Ивановна" \
		"--position=инспектор спецучетов УМП" --region=R1
	add_account head region_head "Нурпеисов Асхат Каиржанович" \
		"--position=начальник УМП" --region=R1
	reg1=$(filed ivanov registration R0000001)
	reg2=$(filed petrov registration R0000002)
	bp=$(filed petrov border-pass R0000003)

	# The records officer of the region: three checks, two offices.
	start
	login_as rec
	wait_for "Главное меню"
	menu_item "Списки дел"
	wait_for "Ждут проверки (3)"
	wait_for "Подразд."
	screen | grep -q "OVD-1 .*АХМЕДОВ" || fail "no OVD-1 line"
	[ "$(screen | grep -c "^. [РП][ГЗ]-1/2026 .* A02 ")" = 2 ] || fail "not two A02 lines"
	select_row "ПЗ-.*A02"
	keys Enter
	wait_for "Дело ПЗ-1/2026"
	case_done check-clear "проверка: совпадений нет"
	[ "$(q "SELECT state FROM cases WHERE id = $bp")" = checked ] ||
		fail "the pass is not checked"
	[ "$(q "SELECT o.code FROM journal j JOIN offices o ON o.id = j.office_id WHERE j.case_id = $bp AND j.kind = 'check-clear'")" = A02 ] ||
		fail "the check's line is not in A02's journal"

	# The regional head decides the pass of A02.
	start
	login_as head
	wait_for "Главное меню"
	menu_item "Списки дел"
	wait_for "Ждут решения (1)"
	screen | grep -q "ПЗ-.* A02 " || fail "the pass's line lacks its office"
	keys Enter
	wait_for "Дело ПЗ-1/2026"
	case_done issue "решение: выдать"
	[ "$(q "SELECT state FROM cases WHERE id = $bp")" = issued ] ||
		fail "the pass is not issued"
	content=$(q "SELECT content FROM journal WHERE case_id = $bp AND kind = 'issue'")
	echo "$content" | grep -q "Нурпеисов" || fail "the decision does not name the head: $content"
	echo "$content" | grep -q "г. Алматы" || fail "the decision does not name the regional unit: $content"

	# An inspector of OVD-1: no office column, no case of A02.
	start --as ivanov
	wait_for "Пароль"
	text ivanov-pass1; keys Enter
	wait_for "Главное меню"
	menu_item "Списки дел"
	wait_for "Мои дела (1)"
	screen | grep -q "Подразд." && fail "an office account sees the office column"
	text 4
	wait_for "Ждут проверки (1)"
	screen | grep -q "ПЗ-" && fail "an office account sees A02's pass"
	: "$reg1" "$reg2"
	return 0
}

each_term scenario
echo "PASS region"
