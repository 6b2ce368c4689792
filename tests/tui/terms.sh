#!/bin/sh
# More terminal types: linux (the console), screen and vt220. Login, then
# intake: typing into a field, the country pick-list in its frame (line
# drawing where the terminal has it, never stray letters such as "lqqk"),
# keeping a draft; what is typed ends up in the database.
. tests/tui/lib.inc

scenario() {
	start intake registration
	login_ivanov
	wait_for "Окно 3 · Иванов Иван Иванович, старший инспектор"
	wait_for "Сведения об иностранце"
	text "Ёлкин"; keys Tab Tab Tab Tab
	text "Узб"
	wait_for "Поиск: Узб"
	wait_for "Узбекистан"
	# With -e tmux marks its line-drawing cells by SO/SI (as "lqqk"
	# inside), a UTF-8 terminal gets box characters, others ASCII.
	$T capture-pane -p -e >"$W/s"
	so=$(printf '\016')
	grep -q "┌\|+-\|${so}lq" "$W/s" || fail "no frame around the list"
	grep "lqq\|qqk\|mqq" "$W/s" | grep -qv "$so" &&
		fail "line drawing shown as letters"
	keys Enter
	wait_for "[Узбекистан"
	keys Escape 6
	wait_for "Черновик сохранён"
	[ "$(sqlite3 "$DB" "SELECT json_extract(data, '\$.surname') || ' ' ||
		json_extract(data, '\$.citizenship') FROM drafts ORDER BY id DESC
		LIMIT 1")" = \
		"Ёлкин Узбекистан" ] || fail "draft not stored"
	return 0
}
# One database for all three (a draft each time, the newest read): the
# set-up's password hashing is the slow part.
setup_db
for T_TERM in ${TERMS:-linux screen vt220}; do
	scenario || fail "scenario ($T_TERM)"
	stop_server || exit 1
done
