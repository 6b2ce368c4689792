#!/bin/sh
# Long work in the kiosk shows its progress on the message line and Esc
# cancels it: on a 150,000-line journal, the export of the book (F2) and
# its pages (F8, after checking the chain) show «Выгрузка журнала: N из
# 150 000 (P %)» advancing, with «Esc Отмена» on the key bar; Esc leaves
# no file and no audit line, and the journal screen goes on working.
. tests/tui/lib.inc

N=150000
FILL=${OKNO_BUILD:-build}/tests/tools/journal_fill

# count: the N of «PHASE: N из» on the message line ("" when none).
count() {
	screen | sed -n "s/^$1: \([0-9 ]*\) из .*/\1/p" | tr -d ' ' | head -n 1
}

# cancel PHASE: wait for PHASE's progress, see it advance, press Esc.
cancel() {
	wait_for "$1: " 20
	screen | grep -q "^Esc *Отмена" || fail "no Esc key on the bar"
	c1=$(count "$1")
	[ -n "$c1" ] || fail "no count in: $(screen | tail -n 2)"
	_w=200
	while [ "$_w" -gt 0 ]; do
		c2=$(count "$1")
		[ -n "$c2" ] && [ "$c2" != "$c1" ] && break
		sleep 0.05
		_w=$((_w - 1))
	done
	[ -n "$c2" ] && [ "$c2" -gt "$c1" ] ||
		fail "$1 did not advance ($c1, then ${c2:-none})"
	screen | grep -q "^$1: [0-9 ]* из 150 000 ([0-9]* %)" ||
		fail "$1: not out of 150 000"
	keys Escape
}

# nothing_left ACTION WHAT: no file of the registration book's journal in
# the print folder and no audit line of ACTION ("FAIL: WHAT left").
nothing_left() {
	ls "$W"/print/journal-registration-2026* 2>/dev/null &&
		fail "$2 left"
	[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit WHERE
		action = '$1'")" -eq 0 ] || fail "$2: an audit line"
}

scenario() {
	add_account oper operator "Журналова Ольга"
	"$FILL" "$DB" OVD-1 oper $N || fail "journal_fill"
	menu_as oper
	open_registration_book

	# The export (F2, the journal's acts), cancelled while it reads the
	# entries.
	export_prompt
	keys Enter
	cancel "Выгрузка журнала"
	wait_for "Отменено — ничего не записано" 20
	nothing_left export "export file"

	# The pages (after the chain is checked for their seal), cancelled
	# while they are laid out.
	keys Escape 8
	cancel "Подготовка страниц журнала"
	wait_for "Отменено — ничего не напечатано" 20
	nothing_left journal.print pages

	# The key bar is the journal's again.
	wait_for "2Действие"
	keys Escape 0
	wait_for "Главное меню"
	keys Escape 0
	wait_for "OKNO-EXIT=0"
}
TERMS=xterm each_term scenario
