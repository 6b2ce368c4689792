#!/bin/sh
# The kiosk in Kazakh speaks Kazakh in the form too: sections, labels,
# hints, the country list and the choices come from the form files'
# Kazakh, and a refused field is named by its Kazakh label with the
# catalogue's words («Аты: толтырылмаған»), never the Russian. And a
# terminal with no Cyrillic at all (LANG=C): no screen of «?», Latin
# letters and a plain word at login of what the terminal needs.
. tests/tui/lib.inc

scenario() {
	start --lang kk --as ivanov intake registration
	wait_for "Құпиясөз"
	text ivanov-pass1; keys Enter
	wait_for "Шетелдік туралы мәліметтер"
	wait_for "Тегі"
	wait_for "Жеке басын куәландыратын құжаттағыдай"
	screen | grep -q "Фамилия\|Сведения об иностранце" && fail "Russian labels"
	text "ӘБДІҒАЛИЕВ"
	tab_to "Жынысы"
	text "Ер"
	wait_for "Іздеу: Ер"
	keys Enter
	wait_for "[Ер "
	tab_to "Азаматтығы"
	text "Қыр"
	wait_for "Іздеу: Қыр"
	wait_for "Қырғызстан"
	keys Enter
	wait_for "[Қырғызстан"
	keys Escape 2
	wait_for "Аты: толтырылмаған"
	screen | grep -q "Имя: не заполнено" && fail "a Russian error"
	keys Escape
	wait_for ">!Аты"
	keys Escape 6
	wait_for "Жоба сақталды"
	[ "$(db "SELECT json_extract(data, '\$.citizenship') || ':' ||
		json_extract(data, '\$.sex') FROM drafts")" = "Қырғызстан:m" ] ||
		fail "draft: $(db "SELECT data FROM drafts")"
	$T kill-server

	# LANG=C: the same kiosk, readable, saying what it needs.
	new_server
	$T new-session -d -x 80 -y 24 "env TERM=$T_TERM LANG=C LC_ALL=C TZ=$TZ \
		OKNO_FORMS=$OKNO_FORMS HOME=$HOME $OKNO --db $DB; sleep 30" ||
		fail tmux
	wait_for "Vhod v sistemu"
	wait_for "character set has no"
	wait_for "ru_RU.UTF-8"
	screen | grep -q '?' && fail "letters shown as ?"
	text ivanov; keys Tab; text ivanov-pass1; keys Enter
	wait_for "Glavnoe menu"
	screen | grep -q '?' && fail "letters shown as ? in the menu"
	return 0
}
each_term scenario
