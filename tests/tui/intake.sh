#!/bin/sh
# Intake to acceptance for each service: the fixture's values typed into
# the form, the documents ticked, Esc 2 (F2) shows what acceptance will do
# (the applicant, the book, the due date) and a second F2 accepts; the
# screen shows the journal number, the receipt's number with the book's
# mark and the due date, and the database holds the accepted case. The
# border pass has two forms: intake asks which first.
# engines: sqlite pg
. tests/tui/lib.inc

scenario() {
	n=0
	for svc in registration invitation border-pass; do
		n=$((n + 1))
		stop_server || exit 1
		start_as ivanov ivanov-pass1 intake $svc
		wait_for "Приём документов:"
		if [ $svc = border-pass ]; then
			wait_for "Форма заявления"
			keys Enter
		fi
		fill_form "$(form_of $svc)" "tests/fixtures/cases/$svc.json" \
			"fill $svc"
		keys Escape 2
		wait_for "Принять документы?"
		wait_for "срок исполнения"
		screen | grep -q "Документы приняты" && fail "accepted at once"
		keys Enter
		sleep 0.3
		screen | grep -q "Документы приняты" && fail "Enter confirmed"
		keys Escape 2
		wait_for "Документы приняты."
		wait_for "Номер по журналу: 1/2026"
		case $svc in
		registration) mark=РГ ;; invitation) mark=ПГ ;; *) mark=ПЗ ;;
		esac
		wait_for "Расписка № $mark-1/2026"
		wait_for "Срок исполнения: "
		as_ivanov case list >"$W/list" || fail "case list"
		grep -q "$svc *accepted *1/2026" "$W/list" ||
			{ cat "$W/list"; fail "$svc not accepted in the db"; }
	done
	[ "$(wc -l <"$W/list")" -ge 3 ] || fail "three cases expected"
}
each_term scenario
