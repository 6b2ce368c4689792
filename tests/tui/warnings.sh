#!/bin/sh
# The rules' warnings at the window: a foreigner registered late (entered
# two weeks ago) whose passport already has a registration in force. F2
# shows the list of both warnings with their rule ids and saves nothing;
# F10 goes back to the form; F2 again and the confirmation key (F2) file
# the case, and the confirmation is kept in the case history, the journal
# line and the audit. An error (citizenship KAZ) is named on its field and
# is not offered for confirmation.
. tests/tui/lib.inc

scenario() {
	as_ivanov case new --service registration \
		--json tests/fixtures/cases/registration.json >"$W/id" ||
		fail "case new"
	as_ivanov case event "$(cat "$W/id")" accept >/dev/null || fail "accept"
	sed -e 's/"entry_date": "18.03.2026"/"entry_date": "06.03.2026"/' \
	    -e 's/"period_from": "18.03.2026"/"period_from": "06.03.2026"/' \
	    -e 's/"period_to": "15.06.2026"/"period_to": "01.06.2026"/' \
	    tests/fixtures/cases/registration.json >"$W/late.json"
	sed -e 's/"citizenship": "UZB"/"citizenship": "KAZ"/' \
	    -e 's/"doc_number": "FA1234567"/"doc_number": "N12345678"/' \
	    tests/fixtures/cases/registration.json >"$W/kaz.json"

	start_as ivanov ivanov-pass1 intake registration
	wait_for "Сведения об иностранце"
	fill_form forms/registration.form "$W/late.json" "fill late"
	accept_form
	wait_for "Предупреждения (2)"
	wait_for "[reg.late]"
	wait_for "[reg.duplicate]"
	wait_for "регистрация позже 5 дней после въезда (14 дн.)"
	wait_for "дело № 1/2026"
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM cases")" = 1 ] ||
		fail "a case was saved before the confirmation"
	# Back to the form (F10): still nothing saved.
	keys Escape 0
	wait_gone "Предупреждения (2)"
	wait_for "[x]"
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM cases")" = 1 ] ||
		fail "Esc saved the case"
	# Again, and confirmed.
	accept_form
	wait_for "Предупреждения (2)"
	keys Escape 2
	wait_for "Документы приняты."
	wait_for "Номер по журналу: 2/2026"

	[ "$(sqlite3 "$DB" "SELECT state FROM cases WHERE id = 2")" = accepted ] ||
		fail "case 2 not accepted"
	h=$(sqlite3 "$DB" "SELECT group_concat(json_extract(value, '\$.rule'), ',')
		FROM case_events, json_each(json_extract(data, '\$.confirmed'))
		WHERE case_id = 2 AND event = 'create'")
	[ "$h" = "reg.late,reg.duplicate" ] || fail "history confirmations: $h"
	j=$(sqlite3 "$DB" "SELECT json_array_length(json_extract(content,
		'\$.confirmed')) FROM journal WHERE case_id = 2 AND kind = 'accept'")
	[ "$j" = 2 ] || fail "journal line confirmations: $j"
	a=$(sqlite3 "$DB" "SELECT detail FROM audit WHERE action = 'case.new'
		AND object = 'case:2'")
	[ "$a" = "registration; подтверждено: reg.late, reg.duplicate" ] ||
		fail "audit: $a"

	# The next applicant: a citizen of Kazakhstan, an error on its field.
	wait_for "Куда печатать расписку"
	keys 0
	wait_for "Enter — следующее заявление"
	keys Enter
	wait_for "Сведения об иностранце"
	fill_form forms/registration.form "$W/kaz.json" "fill kaz"
	accept_form
	wait_for "Гражданство: услуга оказывается иностранцам"
	screen | grep -q "Предупреждения (" && fail "an error offered for confirmation"
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM cases")" = 2 ] ||
		fail "a case was saved despite the error"
	keys Enter   # to the field in error
	wait_gone "Исправьте перед приёмом"
	keys Escape 0
	wait_for "OKNO-EXIT=0" 10
	return 0
}
each_term scenario
