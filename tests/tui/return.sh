#!/bin/sh
# Return at intake: a document missing, Esc 2 (F2) refuses to accept and
# names it; Esc 5 (F5) shows what the return will do and a second F2
# returns the documents naming what is missing, with the return notice's
# number; the case is "returned" in the database.
. tests/tui/lib.inc

scenario() {
	sed 's/"host_dwelling"//; s/"host_id",/"host_id"/' \
		tests/fixtures/cases/registration.json >"$W/fx.json"
	start_as ivanov ivanov-pass1 intake registration
	wait_for "Сведения об иностранце"
	fill_form forms/registration.form "$W/fx.json"
	keys Escape 2
	wait_for "Не хватает документов: Документ, подтверждающий право"
	keys Escape 5
	wait_for "Вернуть документы заявителю?"
	keys Escape 2
	wait_for "Документы возвращены заявителю."
	wait_for "Уведомление о возврате № 1/2026"
	wait_for "Не хватает: Документ, подтверждающий право пользования"
	as_ivanov case list >"$W/list" || fail "case list"
	grep -q "registration *returned" "$W/list" ||
		{ cat "$W/list"; fail "not returned in the db"; }
}
each_term scenario
