#!/bin/sh
# Terminal bytes of the part-2 screens (issue 6), at 80x24, TERM=xterm and
# vt100: what okno writes to its pty, taken with tmux pipe-pane, for each
# step. A database with 40 accepted cases (their 40 journal lines) and
# three queue tickets is made first.
# Usage: bench/screens.sh [OKNO]   (numbers in bench/README.md)
set -u
cd "$(dirname "$0")/.." || exit 1
OKNO=${1:-${OKNO:-$PWD/okno}}
. bench/pane.inc

run() {
	for i in $(seq 1 40); do
		id=$(as_ivanov case new --service registration \
			--json tests/fixtures/cases/registration.json) || exit 1
		as_ivanov case event "$id" accept >/dev/null || exit 1
	done
	for i in 1 2 3; do "$OKNO" --db "$DB" queue take >/dev/null; done
	start --as ivanov
	wait_for "Пароль"
	text ivanov-pass1; keys Enter
	wait_for "Главное меню"
	start_count
	step "menu -> worklists (40 cases)" text 5

	step "worklist: Down" keys Down
	step "worklist: next list (Tab)" keys Tab
	step "worklist: back (Left)" keys Left
	step "worklist -> case screen (Enter)" keys Enter
	step "case: Down (scroll one line)" keys Down
	# vt100 has no PgUp/PgDn keys (tmux would send Esc [ 6 ~, which
	# the kiosk rightly reads as Esc): paging only on xterm.
	[ "$T_TERM" = vt100 ] || step "case: PgDn" keys NPage
	step "case -> worklist (Esc 0)" keys Escape 0
	step "worklist -> menu (Esc 0)" keys Escape 0
	step "menu -> journal (border-pass book)" text 6
	step "journal: other book, last page (Left)" keys Left
	[ "$T_TERM" = vt100 ] || step "journal: PgUp (page of 17)" keys PPage
	step "journal: Down (one row)" keys Down
	step "journal: search prompt (Esc 2)" keys Escape 2
	mark
	for l in И в а н о в а б в г; do text "$l"; sleep 0.05; done
	settle
	printf '%-8s %-44s %6d B\n' "$T_TERM" "journal prompt: 10 letters typed" \
		"$(bytes)"
	step "journal: search (Enter)" keys Enter
	step "journal -> menu (Esc 0)" keys Escape 0
	step "menu -> queue screen" text 4
	step "queue: call (Esc 2, opens intake)" keys Escape 2
	step "intake -> queue (Esc 0)" keys Escape 0
	step "queue: recall (Esc 3)" keys Escape 3
	step "queue: no-show (Esc 4)" keys Escape 4
	step "idle 3 s (nothing may tick)" sleep 3
}

for T_TERM in ${TERMS:-xterm vt100}; do
	DB=$W/$T_TERM.db
	setup_db
	run
	stop_server || exit 1
done
