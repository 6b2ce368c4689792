#!/bin/sh
# Hostile stored text in the kiosk (issue 7): an account name holding an
# OSC title sequence, a clear-screen sequence, a right-to-left override and
# an invalid byte (put into the database behind okno's back) is drawn
# visibly ("\x1b]0;pwned\x07") in the header; the bytes okno writes to the
# terminal (tmux pipe-pane) never carry the sequence or the override, and
# the pane's title stays as it was.
. tests/tui/lib.inc

scenario() {
	sqlite3 "$DB" "UPDATE accounts SET full_name = 'Иванов' || char(27) ||
		']0;pwned' || char(7) || char(27) || '[2J' || char(8238) ||
		CAST(X'FF' AS TEXT) WHERE login = 'ivanov'" || fail "sqlite3"
	start
	$T pipe-pane -o "cat >>$W/raw.$T_TERM" || fail "pipe-pane"
	title=$($T display -p '#{pane_title}')
	login_ivanov
	wait_for "Главное меню"
	wait_for 'Окно 3 · Иванов\x1b]0;pwned\x07\x1b[2J\u202e\xff, старший'
	[ "$($T display -p '#{pane_title}')" = "$title" ] ||
		fail "the pane title was changed to «$($T display -p '#{pane_title}')»"
	keys Escape 0
	wait_for "OKNO-EXIT=0"
	$T pipe-pane
	LC_ALL=C grep -qF "$(printf '\033]0;pwned')" "$W/raw.$T_TERM" &&
		fail "the OSC sequence reached the terminal"
	LC_ALL=C grep -qF "$(printf '\342\200\256')" "$W/raw.$T_TERM" &&
		fail "the right-to-left override reached the terminal"
	LC_ALL=C grep -qF "pwned$(printf '\007')" "$W/raw.$T_TERM" &&
		fail "a raw BEL followed the stored text"
	return 0
}
each_term scenario
