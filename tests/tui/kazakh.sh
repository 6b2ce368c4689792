#!/bin/sh
# The Kazakh interface (okno --lang kk; po/kk.po): login, the main menu,
# the queue screen (a ticket called), intake's function keys, the
# worklists and a case with its form's Kazakh labels and its state in
# Kazakh; its receipt printed to a file from the case screen (the window
# remembers the choice). The database is checked after each.
. tests/tui/lib.inc

scenario() {
	"$OKNO" --db "$DB" queue take --service registration >/dev/null ||
		fail "take"
	id=$(as_ivanov case new --service invitation \
		--json tests/fixtures/cases/invitation.json) || fail "case new"
	as_ivanov case event "$id" accept >/dev/null || fail "accept"

	start --lang kk
	wait_for "Жүйеге кіру"
	wait_for "Есептік жазба:"
	text ivanov; keys Tab
	text ivanov-pass1; keys Enter
	wait_for "Басты мәзір"
	wait_for "Құжаттарды қабылдау: Шетелдікті тіркеу"
	# vt100 has no function keys: Esc+digit, F10 shown as 0.
	if [ "$T_TERM" = vt100 ]; then wait_for "Esc+1Анықтама 0Шығу"
	else wait_for "1Анықтама 10Шығу"; fi
	text "$(screen | grep -o '[0-9]\. Электрондық кезек' | cut -c1)"
	wait_for "Электрондық кезек"
	wait_for "Кезекте күтуде: 1"
	wait_for "2Шақыру"
	keys Escape 2
	wait_for "Құжаттарды қабылдау:"
	wait_for "2Қабылдау"
	keys Escape 0
	wait_for "001 талоны 3-терезеде"
	wait_for "Шақырулар саны: 1"
	keys Escape 0
	wait_for "Басты мәзір"
	text "$(screen | grep -o '[0-9]\. Істер тізімдері' | cut -c1)"
	wait_for "Істер тізімдері"
	wait_for "1 Менің істерім (1)"
	keys Enter
	wait_for "Жағдайы: қабылданды, тексеруде"
	wait_for "Тегі:"
	wait_for "2Әрекет"
	# Print the receipt to a file; the window remembers its folder.
	keys Escape 8
	wait_for "Қай құжатты басып шығару керек"
	keys Enter
	wait_for "Қайда басып шығару керек"
	keys Enter
	wait_for "Файл:"
	wait_for "print/invitation-1-2026-receipt.txt"
	keys Enter
	wait_for "Басып шығарылды: құжаттарды қабылдағаны туралы қолхат, 2 дана"
	[ -s "$W/print/invitation-1-2026-receipt.txt" ] || fail "no receipt file"
	p=$(sqlite3 "$DB" "SELECT printer FROM windows WHERE number = 3")
	[ "$p" = "file:$W/print/" ] || fail "printer: $p"
	[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM prints WHERE case_id = $id")" -eq 2 ] ||
		fail "prints rows"
	keys Escape 0
	wait_for "Істер тізімдері"
	q=$(sqlite3 "$DB" "SELECT number || ':' || state || ':' || window_no
		FROM queue_tickets")
	[ "$q" = "1:called:3" ] || fail "ticket in the db: $q"
}
each_term scenario
