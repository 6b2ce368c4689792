#!/bin/sh
# The Kazakh interface (okno --lang kk; po/kk.po): login, the main menu,
# the border-zone pass intake (the service's and the forms' Kazakh names,
# the corrected section title), the queue screen (a ticket called, its
# actions), intake's function keys, the worklists and a case with its
# form's Kazakh labels and its state in Kazakh; its receipt printed to a
# file from the case screen (the window remembers the choice). Then the
# chief's report: the catalogue's Kazakh names of the service and the
# refusal ground, and the column heads over their numbers. The database
# is checked after each.
. tests/tui/lib.inc

# The report's column heads end in the columns where the numbers of the
# «Барлығы» row end.
heads_line_up() {
	screen | python3 -c '
import re, sys
lines = sys.stdin.read().splitlines()
head = [l for l in lines if "Қабылд." in l]
row = [l for l in lines if l.lstrip().startswith("Барлығы")]
ends = lambda s: [m.end() for m in re.finditer(r"\S+", s)]
sys.exit(0 if head and row and ends(head[0]) == ends(row[0])[-5:] else 1)'
}

# pick TEXT: the main menu's item that shows TEXT, by its digit.
pick() {
	text "$(screen | grep -o "[0-9]\. $1" | cut -c1)"
}

scenario() {
	"$OKNO" --db "$DB" queue take --service registration >/dev/null ||
		fail "take"
	accept_case invitation

	start --lang kk
	wait_for "Жүйеге кіру"
	wait_for "Есептік жазба:"
	text ivanov; keys Tab
	text ivanov-pass1; keys Enter
	wait_for "Басты мәзір"
	wait_for "Құжаттарды қабылдау: Шетелдікті тіркеу"
	# vt100 has no function keys: Esc+digit, F10 shown as 0.
	if [ "$T_TERM" = vt100 ]; then wait_for "Esc+1Анықтама 0Шығу"
	else wait_for "1Анықтама 10Шығу"; fi
	pick "Құжаттарды қабылдау: Шекаралық аймаққа рұқсаттама"
	wait_for "Өтініш нысаны"
	wait_for "Шекаралық аймаққа кіруге рұқсаттама беру туралы ұйымның өтінішхаты"
	keys Enter
	wait_for "Тұрғылықты жері және жұмыс орны"
	wait_for "2Қабылдау 3Тізім 4Көшірме 5Қайтару 6Жоба"
	keys Escape 0
	wait_for "Басты мәзір"
	pick "Электрондық кезек"
	wait_for "Электрондық кезек"
	wait_for "Кезекте күтуде: 1"
	wait_for "Талон шақырылмаған: F2 — келесісін шақыру"
	wait_for "2Шақыру"
	keys Escape 2
	wait_for "Құжаттарды қабылдау:"
	wait_for "2Қабылдау"
	keys Escape 0
	wait_for "001 талоны 3-терезеде"
	wait_for "Шақырулар саны: 1"
	wait_for "4. Кезектің соңына қалдыру"
	wait_for "5. Басқа терезеге жіберу"
	wait_for "6. Аяқтау: өтініш берушіге қызмет көрсетілді"
	keys Escape 0
	wait_for "Басты мәзір"
	pick "Істер тізімдері"
	wait_for "Істер тізімдері"
	wait_for "1 Менің істерім (1)"
	keys Enter
	wait_for "Күйі: қабылданды, тексеруде"
	wait_for "Тегі:"
	wait_for "2Әрекет"
	# Print the receipt to a file; the window remembers its folder.
	keys Escape 8
	wait_for "Қай құжатты басып шығару керек"
	keys Enter
	wait_for "Қайда басып шығару керек"
	keys Enter
	wait_for "Файл:"
	# A free name in the folder (the other terminal's run printed there).
	wait_for "print/invitation-1-2026-receipt"
	f=$(screen | grep -o "print/invitation-1-2026-receipt[-0-9]*\.txt")
	keys Enter
	wait_for "Басып шығарылды: құжаттарды қабылдағаны туралы қолхат, 2 дана"
	[ -s "$W/$f" ] || fail "no receipt file $f"
	p=$(sqlite3 "$DB" "SELECT printer FROM windows WHERE number = 3")
	[ "$p" = "file:$W/print/" ] || fail "printer: $p"
	[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM prints WHERE case_id = $id")" -eq 2 ] ||
		fail "prints rows"
	keys Escape 0
	wait_for "Істер тізімдері"
	q=$(sqlite3 "$DB" "SELECT number || ':' || state || ':' || window_no
		FROM queue_tickets")
	[ "$q" = "1:called:3" ] || fail "ticket in the db: $q"

	# The case is refused, and the chief reads the day's report.
	add_account chief chief "Ахметов Нурлан" --position=начальник
	# An invitation is refused by the head of the regional unit (an
	# account of the region).
	add_account head region_head "Оспанов Марат" "--position=начальник УМП" \
		--region=R1
	as_user head case event "$id" refuse --ground incomplete \
		--reason "нет документов" >/dev/null || fail "refuse"
	start --lang kk
	wait_for "Жүйеге кіру"
	text chief; keys Tab
	text chief-pass1; keys Enter
	wait_for "Басты мәзір"
	pick "Есептер"
	wait_for "20.03.2026 күнгі есеп"
	wait_for "Қабылд.    Беру Б.тарту Қайтару Берілді"
	wait_for "Шақыру (жеке істер)"
	wait_for "Негіздер бойынша бас тартулар"
	wait_for "Құжаттардың толық емес топтамасы ұсынылды"
	# The ground's whole text over two rows, its count beside the end.
	screen | grep -qE '^  .*сәйкес келмейді +1$' ||
		fail "the refusal ground is cut or its count is off it"
	heads_line_up || fail "the report's column heads are off their numbers"
	keys Escape 0
	wait_for "Басты мәзір"
	keys Escape 0
	wait_for "OKNO-EXIT=0"
}
each_term scenario
