#!/bin/sh
# The hall board (in Russian and Kazakh at once) and the queue screen:
# four tickets taken, three windows
# call one each; the board (okno board, in its own pane) shows the three
# calls, newest on top, each with its window's inspector's name and
# position, and one waiting, and a call costs it only the
# changed cells (bytes counted through tmux pipe-pane). At window 3 the
# inspector recalls the ticket and marks a no-show on the queue screen;
# the board follows. Screen and database are checked.
. tests/tui/lib.inc
B="tmux -L okb$$ -f /dev/null"
trap '_st=$?; stop_server "$B" || _st=1; stop_server || _st=1; rm -rf "$W"; exit $_st' 0
trap 'exit 1' 1 15

# seat LOGIN WINDOW NAME: an inspector with a usable password, seated.
seat() {
	add_account "$1" inspector "$3" --position=инспектор
	OKNO_PASSWORD_FILE=$a1 "$OKNO" --db "$DB" --as admin window set "$2" \
		"$1" >/dev/null || fail "window set $1"
}

as() {
	_l=$1; shift
	OKNO_PASSWORD_FILE=$W/pw.$_l.1 "$OKNO" --db "$DB" --as "$_l" "$@"
}

# board_row N: the board's row N of called tickets ("003 3 Иванов …").
board_row() {
	$B capture-pane -p | sed -n "$(($1 + 5))p" | tr -s ' ' | sed 's/^ //;s/ $//'
}

board_wait() {
	_w=100
	while [ "$_w" -gt 0 ]; do
		[ "$(board_row "$1")" = "$2" ] && return 0
		sleep 0.05
		_w=$((_w - 1))
	done
	$B capture-pane -p >&2
	fail "board row $1 is «$(board_row "$1")», expected «$2»"
}

# board_shows TEXT: wait_for TEXT on the board's pane.
board_shows() {
	_t=$T
	T=$B
	wait_for "$1"
	T=$_t
}

scenario() {
	seat petrov 1 "Петров Пётр Петрович"
	seat sidorova 2 "Сидорова Анна Ивановна"
	cp "$i1" "$W/pw.ivanov.1"
	for s in registration invitation border-pass registration; do
		"$OKNO" --db "$DB" queue take --service $s >/dev/null ||
			fail "take"
	done
	# The board in a pane of its own server.
	stop_server "$B" || exit 1
	$B new-session -d -x 80 -y 24 "env TERM=$T_TERM LANG=$LANG \
		LC_ALL=$LC_ALL TZ=$TZ OKNO_NOW=$OKNO_NOW $OKNO --db $DB board \
		--poll 50" ||
		fail "board"
	board_shows "Ожидают: 4"
	$B capture-pane -p | grep -q "Ожидайте вызова" || fail "empty board"
	$B pipe-pane -O "cat >>$W/board.bytes"
	: >"$W/board.bytes"
	as petrov queue call >/dev/null || fail "call 1"
	board_wait 0 "001 1 Петров Пётр Петрович, инспектор"
	b1=$(wc -c <"$W/board.bytes")
	as sidorova queue call >/dev/null || fail "call 2"
	board_wait 0 "002 2 Сидорова Анна Ивановна, инспектор"
	as ivanov queue call >/dev/null || fail "call 3"
	board_wait 0 "003 3 Иванов Иван Иванович, старший инспектор"
	board_wait 1 "002 2 Сидорова Анна Ивановна, инспектор"
	board_wait 2 "001 1 Петров Пётр Петрович, инспектор"
	$B capture-pane -p | grep -q "Ожидают: 1 / Күтуде: 1" ||
		fail "one waiting, in both languages"
	b3=$(wc -c <"$W/board.bytes")
	echo "board ($T_TERM): first call $b1 B, three calls $b3 B" >&2
	[ "$b1" -le 200 ] || fail "a call cost the board $b1 bytes"
	# Nothing ticks: once the board shows the next change (a ticket
	# taken, polls after the calls), it has sent only that change's
	# cells, however many polls came in between.
	"$OKNO" --db "$DB" queue take --service invitation >/dev/null ||
		fail "take 5"
	board_shows "Ожидают: 2"
	b4=$(wc -c <"$W/board.bytes")
	echo "board ($T_TERM): a waiting count changed for $((b4 - b3)) B" >&2
	[ $((b4 - b3)) -le 40 ] || fail "the board ticks: $((b4 - b3)) bytes"

	# Window 3's queue screen: recall, then no-show.
	start_as ivanov ivanov-pass1
	wait_for "Главное меню"
	menu_item "Электронная очередь"
	wait_for "Талон 003 у окна 3"
	wait_for "Ожидают в очереди: 2"
	as petrov queue recall >/dev/null || fail "recall 1"
	board_wait 0 "001 1 Петров Пётр Петрович, инспектор"
	text 2
	wait_for "Талон 003 вызван повторно"
	wait_for "Вызовов: 2"
	board_wait 0 "003 3 Иванов Иван Иванович, старший инспектор"
	text 3
	wait_for "Заявитель не явился?"
	keys Escape 2
	wait_for "Талон 003: заявитель не явился"
	wait_for "Талон не вызван: F2"
	board_wait 0 "001 1 Петров Пётр Петрович, инспектор"
	board_wait 1 "002 2 Сидорова Анна Ивановна, инспектор"
	board_wait 2 ""
	q=$(sqlite3 "$DB" "SELECT group_concat(number || ':' || state || ':' ||
		COALESCE(window_no,0) || ':' || calls, ' ') FROM queue_tickets
		ORDER BY number")
	[ "$q" = "1:called:1:2 2:called:2:1 3:no-show:3:2 4:waiting:0:0 5:waiting:0:0" ] ||
		fail "tickets in the db: $q"
	stop_server "$B" || exit 1
}
each_term scenario
