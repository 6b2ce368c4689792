#!/bin/sh
# Labels and values fit or wrap: the label column is as wide as the form
# needs (the invitation's two «Предполагаемый срок пребывания» rows read
# whole, a long label goes on below); a long value shows its start once
# the field is left, with ">" where more follows; a refusal ground is
# shown whole; the case screen wraps an address rather than cut it.
. tests/tui/lib.inc

ADDR="г. Алматы, мкр. Самал-2, ул. Жолдасбекова, д. 97, кв. 12, подъезд 3, этаж 5"

scenario() {
	add_account records records "Спецучётова Анна"
	add_account chief chief "Начальников Пётр"
	sed "s/\"address_stay\": \"[^\"]*\"/\"address_stay\": \"$ADDR\"/" \
		tests/fixtures/cases/registration.json >"$W/reg.json"
	accept_case registration "$W/reg.json"
	# A hit: the registration waits for the chief's decision.
	as_user records case event "$id" check-hit --reason "однофамилец" \
		>/dev/null || fail check

	start_as ivanov ivanov-pass1 intake invitation
	wait_for "Приглашающая сторона"
	tab_to "Предполагаемый срок пребывания: с"
	wait_for "Предполагаемый срок пребывания: с "
	wait_for "Предполагаемый срок пребывания: по"
	tab_to "Адрес пребывания в РК"
	text "$ADDR"
	keys Down
	wait_for "> Код КАТО"
	row=$(screen | grep "Адрес пребывания в РК")
	echo "$row" | grep -q "\[г. Алматы, мкр. Самал-2" ||
		fail "the field does not show its start: $row"
	echo "$row" | grep -q ">$" || fail "no sign of more: $row"
	keys Escape 0
	wait_for "OKNO-EXIT=0"

	# A long label on two rows; the case's address wrapped; a ground whole.
	menu_as chief
	menu_item "Списки дел"
	wait_for "Ждут решения (1)"
	keys Enter
	wait_for "Дело РГ-1/2026"
	press_until "кв. 12, подъезд 3, этаж 5" Down 20 "address cut" 0.05
	case_action refuse
	wait_for "Основание отказа"
	# Wrapped, never cut: each ground's last words are there.
	wait_for "установленной форме"
	wait_for "розыск)"
	wait_for "Республике Казахстан незаконно"
	keys Escape
	wait_gone "Основание отказа"
	keys Escape 0
	wait_for "Списки дел"
	return 0
}
label_rows() {
	start_as ivanov ivanov-pass1 intake registration
	wait_for "Сведения об иностранце"
	tab_to "Ф.И.О. или наименование"
	screen | grep -A1 "Ф.И.О. или наименование" | tail -n 1 |
		grep -q "^ *стороны *$" || fail "label not continued below"
}
both() { scenario && label_rows; }
each_term both
