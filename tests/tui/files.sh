#!/bin/sh
# The kiosk's journal export (F2, a typed path) writes a new file only:
# typed as the database's own path, or the name of a link, it is refused
# with a message on the status line, and the database stays byte for byte
# as it was, the link and its target too.
. tests/tui/lib.inc

snap() { cat "$DB" "$DB-wal" 2>/dev/null | sha256sum; }

# export_to PATH: F2, the export, the path typed over the suggested one.
export_to() {
	export_prompt
	# The suggested name in the print folder, rubbed out letter by letter.
	def="$W/print/journal-registration-2026.csv"
	$T send-keys -N "${#def}" BSpace
	text "$1"
	keys Enter
}

scenario() {
	accept_case registration
	add_account oper operator "Журналова Ольга"
	printf 'чужой файл\n' >"$W/victim"
	ln -sf "$W/victim" "$W/planted.csv"
	menu_as oper
	open_registration_book

	before=$(snap)
	export_to "$DB"
	wait_for "файл базы данных okno"
	[ "$(snap)" = "$before" ] || fail "the database changed"
	sqlite3 "$DB" "PRAGMA integrity_check" | grep -qx ok ||
		fail "the database is damaged"
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'export'")" = 0 ] ||
		fail "a refused export was audited"

	export_to "$W/planted.csv"
	wait_for "уже существует"
	[ -L "$W/planted.csv" ] || fail "the link was replaced"
	[ "$(cat "$W/victim")" = "чужой файл" ] || fail "written through the link"
	[ "$(snap)" = "$before" ] || fail "the database changed"

	export_to "$W/journal.csv"
	wait_for "Выгружено записей: 1 в"
	grep -q "АХМЕДОВ" "$W/journal.csv" || fail "csv row"
	[ "$(stat -c %a "$W/journal.csv")" = 600 ] || fail "mode"
	keys Escape 0
	wait_for "Главное меню"
	keys Escape 0
	wait_for "OKNO-EXIT=0"
	return 0
}
TERMS=xterm each_term scenario
