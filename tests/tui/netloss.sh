#!/bin/sh
# The regional server goes away in the middle of an intake: the inspector
# has typed the whole form when the PostgreSQL server stops. Accepting
# says plainly that the database server cannot be reached, nothing is
# accepted, the form stays on screen and a copy of it is kept in a file;
# once the server is back, the same form is accepted. The scenario runs
# its own throw-away cluster (the shared one stays up for the others).
# engines: pg
. tests/tui/lib.inc

PGC=$W/pgc
chmod 711 "$W"
trap '_st=$?; stop_server || _st=1; sh scripts/pg-cluster.sh stop "$PGC"; rm -rf "$W"; exit $_st' 0
sh scripts/pg-cluster.sh start "$PGC" >/dev/null || fail "cluster"
PGDB=okno_netloss
"$PSQL" -X -q -h "$PGC" -U okno_owner -d postgres \
	-c "CREATE DATABASE $PGDB" >/dev/null || fail "createdb"
DB="postgresql:///$PGDB?host=$PGC&user=okno_owner"
OKNO_PG_HOST=$PGC # for q

scenario() {
	setup_db
	start_as ivanov ivanov-pass1 intake registration
	wait_for "Приём документов:"
	fill_form forms/registration.form tests/fixtures/cases/registration.json

	# The server goes away; the window does not know yet.
	sh scripts/pg-cluster.sh down "$PGC" || fail "server down"
	accept_form
	wait_for "Сервер базы данных недоступен"
	wait_for "Черновик сохранён в файл"
	screen | grep -q "Документы приняты" && fail "accepted without a server"
	wait_for "Приём документов:"
	ls "$HOME"/.okno-drafts/*.json >/dev/null 2>&1 ||
		fail "no copy of the form in ~/.okno-drafts"

	# Back: the same form goes in.
	sh scripts/pg-cluster.sh up "$PGC" || fail "server up"
	accept_form
	wait_for "Документы приняты."
	wait_for "Номер по журналу: 1/2026"
	wait_for "в папку печати $HOME/print/"
	[ "$(q "SELECT count(*) FROM cases WHERE state = 'accepted'")" = 1 ] ||
		fail "the case is not in the database"
}
TERMS=${TERMS:-xterm}
T_TERM=xterm
scenario
