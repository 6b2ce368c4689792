#!/bin/sh
# A field refused on exit: 31.02.1990 is no date; the cursor stays in the
# field with the reason on the status line; corrected, it moves on. Also
# the date mask: the dots come by themselves and a full date skips on.
. tests/tui/lib.inc

scenario() {
	start_as ivanov ivanov-pass1 intake registration
	wait_for "Сведения об иностранце"
	text "Иванов"; keys Tab; text "Сергей"; keys Tab
	text 31021990
	wait_for "несуществующая дата"
	screen | grep -q '^>\*Дата рождения *\[31.02.1990\]' ||
		fail "focus left the refused field"
	keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
	text 28.02.1990
	wait_for "[28.02.1990]"
	screen | grep -q '^>\*Пол' || fail "did not skip on after a full date"
	screen | grep -q "несуществующая" && fail "old error still shown"
	return 0
}
each_term scenario
