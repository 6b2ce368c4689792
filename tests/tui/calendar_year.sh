#!/bin/sh
# Intake on the last working day of 2027, whose next year's calendar was
# never confirmed: the registration is accepted (nothing stops at the
# year's end), its due date counted by the fixed holidays' rules (1-2
# January 2028 fall on a weekend and move to 3-4 January: due 05.01.2028)
# and said to be provisional at the confirmation and by case show, and no
# longer once the admin confirms 2028.
. tests/tui/lib.inc

scenario() {
	OKNO_NOW=2027-12-31T10:00:00
	sed -e 's/"entry_date": "18.03.2026"/"entry_date": "30.12.2027"/' \
	    -e 's/"period_from": "18.03.2026"/"period_from": "30.12.2027"/' \
	    -e 's/"period_to": "15.06.2026"/"period_to": "15.03.2028"/' \
	    tests/fixtures/cases/registration.json >"$W/reg.json"
	start_as ivanov ivanov-pass1 intake registration
	wait_for "Сведения об иностранце"
	fill_form forms/registration.form "$W/reg.json"
	keys Escape 2
	wait_for "Принять документы?"
	wait_for "срок исполнения 05.01.2028."
	wait_for "Срок предварительный: календарь на 2028 год еще не"
	keys Escape 2
	wait_for "Документы приняты."
	[ "$(sqlite3 "$DB" "SELECT state || ' ' || due_date FROM cases")" = \
		"accepted 2028-01-05" ] ||
		fail "case: $(sqlite3 "$DB" "SELECT state, due_date FROM cases")"
	wait_for "Куда печатать расписку"
	keys 0
	wait_for "Enter — следующее заявление"
	keys Escape 0
	wait_for "OKNO-EXIT=0" 10
	as_ivanov case show 1 >"$W/show" || fail "case show"
	grep -q "05.01.2028 (предварительный: календарь на 2028 год не подтвержден)" \
		"$W/show" || fail "not provisional: $(cat "$W/show")"

	OKNO_PASSWORD_FILE=$a1 "$OKNO" --db "$DB" --as admin settings set \
		calendar.confirmed_year 2028 >/dev/null || fail "confirm 2028"
	as_ivanov case show 1 >"$W/show" || fail "case show"
	grep -q "предварительный" "$W/show" && fail "still provisional: $(cat "$W/show")"
	return 0
}
each_term scenario
