#!/bin/sh
# Intake to acceptance for each service: the fixture's values typed into
# the form, the documents ticked, Esc 2 (F2) accepts; the screen shows the
# journal number and due date and the database holds the accepted case.
. tests/tui/lib.inc

form_of() {
	case $1 in
	border-pass) echo forms/border-pass-person.form ;;
	*) echo "forms/$1.form" ;;
	esac
}

scenario() {
	n=0
	for svc in registration invitation border-pass; do
		n=$((n + 1))
		$T kill-server 2>/dev/null
		start --as ivanov intake $svc
		wait_for "Пароль"
		text ivanov-pass1; keys Enter
		wait_for "Приём документов:"
		python3 tests/tui/fill.py "$SOCK" "$(form_of $svc)" \
			"tests/fixtures/cases/$svc.json" || fail "fill $svc"
		wait_for "[x]"
		keys Escape 2
		wait_for "Документы приняты."
		wait_for "Номер по журналу: 1/2026"
		wait_for "Срок исполнения: "
		as_ivanov case list >"$W/list" || fail "case list"
		grep -q "$svc *accepted *1/2026" "$W/list" ||
			{ cat "$W/list"; fail "$svc not accepted in the db"; }
	done
	[ "$(wc -l <"$W/list")" -ge 3 ] || fail "three cases expected"
}
each_term scenario
