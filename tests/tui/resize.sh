#!/bin/sh
# Resize: below 80x24 the kiosk says what size it needs; back at a good
# size it lays the screen out again with nothing lost.
. tests/tui/lib.inc

scenario() {
	menu_as ivanov
	keys 3
	wait_for "Сведения об иностранце"
	text "Иванов"
	# The typed name on screen first: a key still unread when the screen
	# becomes too small is not taken (nothing can be seen to type into).
	wait_for "[Иванов"
	$T resize-window -x 60 -y 20 2>/dev/null || $T resize-pane -x 60 -y 20
	wait_for "нужно не меньше 80×24"
	$T resize-window -x 100 -y 30 2>/dev/null || $T resize-pane -x 100 -y 30
	wait_for "[Иванов"
	wait_for "Сведения об иностранце"
	return 0
}
each_term scenario
