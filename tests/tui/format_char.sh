#!/bin/sh
# A Unicode format character typed into a text field (U+200F, the
# right-to-left mark, and U+E0041, a tag letter: both draw nothing and
# change how the text reads) is refused as the field is left: the Russian
# message names the field and the character, the cursor stays in the
# field, and no case, journal line or case.new audit line is written (what
# was typed stays only in the form's draft, as for any form left
# unfinished).
. tests/tui/lib.inc

scenario() {
	for cp in 200F E0041; do
		ch=$(python3 -c "import sys; sys.stdout.write(chr(0x$cp))")
		start --as ivanov intake registration
		wait_for "Пароль"
		text ivanov-pass1; keys Enter
		wait_for "Приём документов:"
		tab_to "Адрес временного пребывания"
		text "г. Алматы, ул. Абая$ch, д. 10"
		keys Tab
		wait_for "Адрес временного пребывания: недопустимый невидимый символ «U+$cp»"
		screen | grep -q '^>.*Адрес временного пребывания' ||
			fail "the cursor left the address"
		keys Escape 0
		wait_for "OKNO-EXIT="
		screen | grep -q "OKNO-EXIT=0" || fail "the kiosk did not end well"
		[ "$(db "SELECT count(*) FROM cases")" = 0 ] || fail "a case was filed"
		[ "$(db "SELECT count(*) FROM journal")" = 0 ] ||
			fail "a journal line was written"
		[ "$(db "SELECT count(*) FROM audit WHERE action = 'case.new'")" = 0 ] ||
			fail "a case.new audit line"
	done
}
each_term scenario
