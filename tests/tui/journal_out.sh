#!/bin/sh
# The journal screen gives the book out: F2 lists the journal's acts, the
# export of the book of the year to a CSV file and the day's closing
# (asked first, with its closing sheet printed); F8 prints its pages. The
# operator sits at no window: files go to the print folder next to the
# database. Each leaves its audit line; what was written is checked in
# the files. An export killed after its record is given out by the next.
. tests/tui/lib.inc

scenario() {
	accept_case registration
	add_account oper operator "Журналова Ольга"
	menu_as oper
	open_registration_book

	export_prompt
	keys Enter
	wait_for "Выгружено записей: 1 в"
	grep -q "АХМЕДОВ" "$W/print/journal-registration-2026.csv" ||
		fail "csv row"
	[ "$(sqlite3 "$DB" "SELECT detail FROM audit WHERE action = 'export'")" = \
		"csv registration 2026: 1 rows to $W/print/journal-registration-2026.csv" ] ||
		fail "export audit line"

	keys Escape 8
	wait_for "Напечатано в файл"
	grep -q "АХМЕДОВ" "$W/print/journal-registration-2026.txt" ||
		fail "pages"
	[ "$(sqlite3 "$DB" "SELECT object || ' ' || detail FROM audit WHERE
		action = 'journal.print'")" = "office:1 registration" ] ||
		fail "print audit line"

	keys Escape 2
	wait_for "Закрыть день"
	text "Закр"; keys Enter
	wait_for "Закрыть день?"
	keys Escape 2
	wait_for "День 2026-03-20 закрыт"
	grep -q "ЗАКРЫТИЕ ДНЯ 20.03.2026" "$W/print/day-close-2026-03-20.txt" ||
		fail "day sheet"
	keys Escape 0
	wait_for "Главное меню"
	keys Escape 0
	wait_for "OKNO-EXIT=0"
}
TERMS=xterm each_term scenario

# The export is recorded with its audit line and written after it: a
# kiosk killed in between (SIGKILL at the file's link into place,
# tests/cli/killat.c) leaves no file and a pending export, which the next
# export gives out byte for byte instead of a new one.
cc -shared -fPIC -o "$W/killat.so" tests/cli/killat.c -ldl ||
	fail "cannot build the kill shim"
to_journal() {
	wait_for "Главное меню"
	menu_item "Журнал"
	wait_for "Журнал: Журнал"
	keys BTab
	wait_for "Журнал: Журнал регистрации иностранцев"
	keys Escape 2
	wait_for "Выгрузить книгу года в CSV"
	text "Выгруз"; keys Enter
	wait_for "Выгрузить в файл:"
	keys Enter
}
killed_export() {
	id=$(as_ivanov case new --service registration \
		--json tests/fixtures/cases/registration.json) || fail "case new"
	as_ivanov case event "$id" accept >/dev/null || fail "accept"
	add_account oper operator "Журналова Ольга"
	F=$W/print/journal-registration-2026.csv
	START_ENV="LD_PRELOAD=$W/killat.so OKNO_KILLAT=link:journal-registration-2026.csv ASAN_OPTIONS=${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
		start
	login_as oper
	to_journal
	wait_for "OKNO-EXIT=137"
	[ ! -e "$F" ] || fail "a file without its record"
	[ "$(db "SELECT count(*) FROM audit WHERE action = 'export'")" = 1 ] ||
		fail "the export's audit line"
	[ "$(db "SELECT state FROM outputs WHERE kind = 'journal'")" = pending ] ||
		fail "no pending export"
	start
	login_as oper
	to_journal
	wait_for "Выдана выгрузка, записанная прежде"
	[ "$(sha256sum "$F" | cut -c1-64)" = \
		"$(db "SELECT sha256 FROM outputs WHERE kind = 'journal'")" ] ||
		fail "the file is not the export recorded"
	grep -q "АХМЕДОВ" "$F" || fail "csv row"
	[ "$(db "SELECT count(*) FROM audit WHERE action = 'export'")" = 1 ] ||
		fail "a second export"
	[ "$(db "SELECT state FROM outputs WHERE kind = 'journal'")" = delivered ] ||
		fail "not marked delivered"
	keys Escape 0
	wait_for "Главное меню"
	keys Escape 0
	wait_for "OKNO-EXIT=0"
}
stop_server || exit 1
rm -rf "$W/print"
new_db killed
setup_db
killed_export || fail "killed_export"
stop_server || exit 1
