#!/bin/sh
# Tab's path through the intake form: Tab, Enter and the skip after a full
# date or a pick go to the next field that must be filled now (or holds a
# value); an optional field left empty is passed over and reached with ↓,
# ↑ or Shift-Tab. A form whose optional fields are filled that way (the
# fixture's, plus a patronymic, the document's issue date, a KATO code,
# who files and the host's phone) is accepted with every value.
. tests/tui/lib.inc

FIX=$W/opt.json
python3 - tests/fixtures/cases/registration.json "$FIX" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["fields"].update({"patronymic": "КАРИМОВИЧ", "doc_issued": "20.11.2021",
                    "kato": "751110000", "applicant": "foreigner",
                    "host_phone": "+77011234567"})
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY

scenario() {
	start --as ivanov intake registration
	wait_for "Пароль"
	text ivanov-pass1; keys Enter
	wait_for "Сведения об иностранце"
	text "АХМЕДОВ"; keys Tab; text "РУСТАМ"; keys Tab
	wait_for ">*Дата рождения"
	keys Up
	wait_for "> Отчество"
	keys Down
	wait_for ">*Дата рождения"
	keys BTab
	wait_for "> Отчество"
	keys Tab
	wait_for ">*Дата рождения"
	# A full date skips on along the same path; a pick as well (past ИИН).
	text 14051988
	wait_for ">*Пол"
	text "m"; keys Enter
	wait_for ">*Гражданство"
	text "UZB"; keys Enter
	wait_for ">*Вид документа"
	keys Up
	wait_for "> ИИН"
	keys Escape 0
	wait_for "OKNO-EXIT=0"

	# The optional fields typed by ↓ and ↑ where Tab passes them over
	# (fill.py), then accepted.
	start --as ivanov intake registration
	wait_for "Пароль"
	text ivanov-pass1; keys Enter
	wait_for "Сведения об иностранце"
	python3 tests/tui/fill.py "$SOCK" forms/registration.form "$FIX" \
		|| fail "fill"
	wait_for "[x]"
	keys Escape 2
	wait_for "Принять документы?"
	keys Escape 2
	wait_for "Документы приняты."
	[ "$(db "SELECT json_extract(data, '\$.patronymic') || ':' ||
		json_extract(data, '\$.doc_issued') || ':' ||
		json_extract(data, '\$.kato') || ':' ||
		json_extract(data, '\$.applicant') || ':' ||
		json_extract(data, '\$.host_phone') || ':' ||
		json_extract(data, '\$.period_to') FROM cases")" = \
		"КАРИМОВИЧ:2021-11-20:751110000:foreigner:+77011234567:2026-06-15" ] ||
		fail "the case: $(db "SELECT data FROM cases")"
	keys Escape 0
	wait_for "OKNO-EXIT=0"
}
each_term scenario
