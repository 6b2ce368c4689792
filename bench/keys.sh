#!/bin/sh
# Keys for one registration intake from the queue, at 80x24 (TERM=xterm
# and vt100), typed in as few keys as the kiosk allows: a ticket taken at
# the door is called from the queue screen (which opens intake of its
# service), the form is filled with and without the passport's
# machine-readable zone (F9, the zone's two lines, each ended by Enter),
# the documents ticked, accepted (F2, and F2 again on the confirmation),
# which finishes the called ticket, and back to the queue for the next
# one (F10). Keys are counted
# as the zone's, data (letters, digits, the checklist's Space) and
# navigation (everything else: Tab, Enter, the function keys; an Esc+digit
# counts as the one function key it stands for). The database must hold
# the accepted case linked to its ticket. On the way, the bytes of F1's
# help and of the acceptance's confirmation (bench/pane.inc).
# Usage: bench/keys.sh [OKNO]   (numbers in bench/README.md)
set -u
cd "$(dirname "$0")/.." || exit 1
OKNO=${1:-${OKNO:-$PWD/okno}}
. bench/pane.inc

# The zone of a passport with the fixture's person (ICAO 9303, TD3).
zone() {
	python3 - <<'PY'
def cd(s):
    v = lambda c: int(c) if c.isdigit() else (0 if c == "<" else ord(c) - 55)
    return str(sum(v(c) * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)
l1 = ("P<UZBAKHMEDOV<<RUSTAM").ljust(44, "<")
doc, birth, exp, opt = "FA1234567", "880514", "311120", "<" * 14
l2 = doc + cd(doc) + "UZB" + birth + cd(birth) + "M" + exp + cd(exp) + opt + cd(opt)
l2 += cd(l2[0:10] + l2[13:20] + l2[21:43])
print(l1)
print(l2)
PY
}

FIX=$W/reg.json
# Registration from today: the date the form offers.
sed 's/"period_from": "18.03.2026"/"period_from": "20.03.2026"/' \
	tests/fixtures/cases/registration.json >"$FIX"

run() { # mrz|plain
	"$OKNO" --db "$DB" queue take --service registration >/dev/null ||
		fail "take"
	start --as ivanov
	wait_for "Пароль"
	text ivanov-pass1; keys Enter
	wait_for "Главное меню"
	text "$(screen | grep -o '[0-9]\. Электронная очередь' | cut -c1)"
	wait_for "Ожидают в очереди: 1"
	start_count
	nav=0 zk=0
	step "queue: call (F2) -> intake" \
		see "Приём документов: Регистрация" Escape 2
	nav=$((nav + 1))
	step "intake: help (F1)" see "Помощь: приём документов" Escape 1
	step "help: back (Esc)" see "9MRZ" Escape
	from=surname
	if [ "$1" = mrz ]; then
		zone >"$W/zone"
		l1=$(sed -n 1p "$W/zone"); l2=$(sed -n 2p "$W/zone")
		keys Escape 9
		wait_for "машиносчитываемая зона"
		text "$l1"; keys Enter; text "$l2"; keys Enter
		wait_for "[AKHMEDOV"
		zk=$((1 + ${#l1} + 1 + ${#l2} + 1))
		# The cursor waits on the first empty field that must be filled.
		from=purpose
		screen | grep -q '^>.*Цель визита' ||
			fail "after the zone the cursor is not on Цель визита"
	fi
	python3 tests/tui/fill.py "$SOCK" forms/registration.form "$FIX" \
		--from $from --filled period_from --bare --count "$W/count" ||
		fail "fill"
	wait_for "[x]"
	data=$(sed -n 's/^data //p' "$W/count")
	nav=$((nav + $(sed -n 's/^nav //p' "$W/count")))
	step "intake: accept (F2) -> confirmation" \
		see "Принять документы?" Escape 2
	step "confirmation: F2 -> accepted, ticket done" \
		see "Талон 001 обслужен, дело РГ-1/2026" Escape 2
	step "result: F10 -> the queue" see "Талон не вызван" Escape 0
	nav=$((nav + 3))
	[ "$(db "SELECT c.state || ':' || t.state FROM queue_tickets t
		JOIN cases c ON c.id = t.case_id")" = "accepted:done" ] ||
		fail "the case is not accepted and linked to its ticket"
	keys Escape 0
	wait_for "Главное меню"
	keys Escape 0
	wait_for "OKNO-EXIT=0"
	printf '%-8s %-6s keys %3d: zone %2d, data %3d, navigation %2d\n' \
		"$T_TERM" "$1" $((zk + data + nav)) $zk "$data" $nav
}

for T_TERM in ${TERMS:-xterm vt100}; do
	for how in plain mrz; do
		new_db "$T_TERM-$how"
		setup_db
		run $how
		stop_server || exit 1
	done
done
