#!/bin/sh
# A refused save lists every error: as many as fit, then «… ещё N», the
# rest reached with ↓; the list stays until an error is chosen (Enter goes
# to its field) and each field named keeps a «!»; the «*» of a field
# required only for some answers follows the answer (the BIN for an
# organisation host, the arrival sheets for a stay over six months), and
# a document that does not apply is marked «-» and passed over; Space
# ticks a document and moves on; a missing document puts the cursor on
# that document. Nothing is filed.
. tests/tui/lib.inc

scenario() {
	start_as ivanov ivanov-pass1 intake invitation
	wait_for "Приглашающая сторона"
	text "Сериков Болат"; keys Tab
	keys Escape 2
	wait_for "Исправьте перед приёмом:"
	n=$(screen | sed -n 's/.*ошибок \([0-9]*\)\..*/\1/p')
	[ "${n:-0}" -ge 15 ] || fail "errors: $n"
	wait_for "… ещё "
	shown=$(screen | grep -c '^. - ')
	more=$(screen | sed -n 's/.*… ещё \([0-9]*\).*/\1/p')
	[ $((shown + more)) -eq "$n" ] || fail "$shown shown + $more more != $n"
	text x
	sleep 0.3
	screen | grep -q "Исправьте перед приёмом:" || fail "the list vanished"
	i=0
	while [ $i -lt "$n" ]; do keys Down; i=$((i + 1)); done
	keys Up Up
	keys Enter
	wait_gone "Исправьте перед приёмом:"
	focus=$(screen | grep '^>')
	echo "$focus" | grep -q '^>!' || fail "no ! on the chosen field: $focus"
	[ "$(screen | grep -c '^.!')" -ge 5 ] || fail "the ! marks are gone"
	keys Escape 0
	wait_for "OKNO-EXIT=0"
	[ "$(db "SELECT count(*) FROM cases")" = 0 ] || fail "a case was filed"
}
marks() {
	start_as ivanov ivanov-pass1 intake registration
	wait_for "Сведения об иностранце"
	# The host: an organisation needs the BIN, not the IIN.
	tab_to "Принимающая сторона"
	text "Юр"; keys Enter
	wait_for "[Юридическое лицо"
	screen | grep -q '^ \*БИН принимающей организации' ||
		fail "BIN not marked required"
	screen | grep -q '^  ИИН принимающей стороны  *-' ||
		fail "IIN not shown as not applying"
	# A stay over six months: the arrival sheets become required.
	tab_to "Адресные листки"
	screen | grep -q '^> \[ \] Адресные листки' || fail "sheets marked early"
	tab_to "Срок регистрации: с"
	text "01.01.2026"
	text "15.09.2026"
	wait_for "[да "
	screen | grep -q '^ =Пребывание более 6 месяцев' ||
		fail "computed mark"
	tab_to "Адресные листки"
	screen | grep -q '^>\*\[ \] Адресные листки' ||
		fail "arrival sheets not marked required"
	# Space ticks a document and moves on; the person host's identity
	# document does not apply to an organisation: marked «-», passed over.
	keys Space
	wait_for "[x] Адресные листки"
	screen | grep -q '^>.*Адресные листки' && fail "Space did not move on"
	screen | grep -qE '^ +- +Документ, удостоверяющий личность принимающей' ||
		fail "the person host's document not shown as not applying"
	tab_to "Письмо"
	keys Up
	n=0
	while screen | grep -q '^>.*Письмо'; do
		n=$((n + 1)); [ $n -lt 300 ] || fail "Up did not move"
		sleep 0.05
	done
	screen | grep -q '^>.*Документ, удостоверяющий личность принимающей' &&
		fail "the cursor stopped on a document that does not apply"
	[ "$(db "SELECT count(*) FROM cases")" = 0 ] || fail "a case was filed"
}
missing_doc() {
	start_as ivanov ivanov-pass1 intake registration
	wait_for "Сведения об иностранце"
	sed 's/"host_dwelling"//; s/"host_id",/"host_id"/' \
		tests/fixtures/cases/registration.json >"$W/fx.json"
	fill_form forms/registration.form "$W/fx.json"
	keys Escape 2
	wait_for "Не хватает документов: Документ, подтверждающий право"
	screen | grep -q '^>\*\[ \] Документ, подтверждающий право' ||
		fail "the cursor is not on the missing document"
	[ "$(db "SELECT count(*) FROM cases")" = 0 ] || fail "a case was filed"
}
both() { scenario && marks && missing_doc; }
each_term both
