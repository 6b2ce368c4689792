#!/bin/sh
# CLI scenario: two office databases (SQLite files, offices A02 and A03,
# each with cases through the whole workflow: journal lines, a correction,
# prints on numbered blanks, the queue, journal and audit seals, a closed
# day; A03 also with 1,500 lines as an older okno wrote them) moved into
# one regional PostgreSQL database that already holds its own office (A03
# on a pty: its progress line). Counts and contents arrive (outputs and
# audit lines found by the moved case's new id); on the target journal verify
# and audit verify pass (also against the seals written down before the
# move), check-document answers a moved code; a case accepted after the
# move chains onto the moved lines and verifies. Refused with nothing
# written: the same office moved again, a file whose journal was changed
# behind okno's back (the line named), an account that is not an
# administrator.
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory.
# engines: pg
set -eu

NAME=migrate
. tests/cli/lib.inc
export OKNO_NOW=2026-03-20T10:00:00
PG=$DB

# ---- the regional database: its own office A01 -----------------------------
init_office
add_user regaud "Регионов Аудит Аудитович" "аудитор" auditor --region=R1

# ---- two office databases ----------------------------------------------------
ndoc=0
# office FILE CODE NAME: a training database of office CODE with its staff,
# cases through the workflow, prints, blanks, the queue, seals, a closed
# day. Leaves $ISSUED (a case with an issued document) and the seals in
# $T/CODE.aseal and $T/CODE.jseal.
office() {
	DB=$1
	step="init $2"
	printf '%s\n' 'первый-пароль-1' >"$T/first"
	expect_rc 0 env OKNO_PASSWORD_FILE="$T/first" "$OKNO" --db "$DB" init --training \
		--office "$2" --name "$3" --region "ДП г. Алматы" --address "г. Алматы"
	expect_rc 0 env OKNO_PASSWORD_FILE="$T/first" \
		OKNO_NEW_PASSWORD_FILE="$T/pw.admin" "$OKNO" --db "$DB" --as admin passwd
	standard_staff
	add_user auditor "Аудиторова Анна Ивановна" "аудитор" auditor
	region_head head "Нурпеисов Асхат Каиржанович" "начальник УМП"
	expect_rc 0 as admin window set 1 ivanov
	for svc in registration border-pass invitation; do
		ndoc=$((ndoc + 1))
		step="$2: case $svc"
		expect_rc 0 as ivanov queue take
		expect_rc 0 as ivanov queue call
		expect_rc 0 as ivanov case new --service "$svc" --json "$FIX/$svc.json" \
			--field doc_number="M$(printf %07d "$ndoc")"
		id=$(cat "$T/out")
		expect_rc 0 as ivanov case event "$id" accept
		expect_rc 0 as ivanov queue done
		expect_rc 0 as ivanov print "$id" receipt --out "$T/$2-$id-receipt.txt"
		expect_rc 0 as sidorova case event "$id" check-clear
		case $svc in
		registration) REG=$id ;;
		border-pass) BP=$id ;;
		*) INV=$id ;;
		esac
	done
	step="$2: decisions, a print on a blank, a correction"
	expect_rc 0 as chief case event "$BP" prepare
	expect_rc 0 as head case event "$BP" issue
	expect_rc 0 as operator blanks add --kind border-pass --series AB --from 1001 --to 1005
	expect_rc 0 as ivanov print "$BP" border-pass --blank AB1001 --out "$T/$2-pass.txt"
	expect_rc 0 as ivanov case event "$BP" hand-out --to "Заявитель лично"
	expect_rc 0 as chief case correct "$REG" surname=ИСПРАВЛЕНО \
		--reason "Ошибка в фамилии"
	ISSUED=$BP
	expect_rc 0 as operator journal export --format csv --output "$T/$2-journal.csv"
	# A03's journal grows by lines written as an older okno wrote them
	# (no hashed stamp, no check code), enough for the move to take a
	# while.
	if [ "$2" = A03 ]; then
		"${OKNO_BUILD:-build}/tests/tools/journal_fill" "$DB" A03 ivanov 1500 ||
			fail "journal_fill"
	fi
	step="$2: seals and the day closed"
	expect_rc 0 as operator journal seal
	sed -n 's/.*\([0-9a-f]\{16\}-[0-9]\{1,\}\).*/\1/p' "$T/out" | head -n 1 >"$T/$2.jseal"
	[ -s "$T/$2.jseal" ] || fail "no journal seal in: $(cat "$T/out")"
	expect_rc 0 as auditor audit seal
	cp "$T/out" "$T/$2.aseal"
	expect_rc 0 as operator journal close-day
	expect_rc 0 as auditor journal verify
	expect_rc 0 as auditor audit verify
}
office "$T/a02.db" A02 "Алмалинский РУП ДП г. Алматы"
A02=$DB
BP2=$ISSUED
office "$T/a03.db" A03 "Бостандыкский РУП ДП г. Алматы"
A03=$DB
DB=$PG

lite() { sqlite3 "$1" "$2"; }
code2=$(lite "$A02" "SELECT c.code FROM journal_codes c JOIN journal j ON j.id = c.line_id WHERE j.case_id = $BP2 AND j.kind = 'issue'")
[ -n "$code2" ] || fail "no code for A02's pass"

# what the target holds, to show a refused move wrote nothing (but the
# audit lines of the logins, which are kept whatever the act's fate)
snapshot() {
	for t in offices accounts regions cases case_events journal \
		journal_codes journal_heads prints blanks queue_tickets settings \
		moved_in moved_chains outputs records; do
		printf '%s %s\n' "$t" "$(q "SELECT count(*) FROM $t")"
	done
	q "SELECT action, count(*) FROM audit WHERE action NOT LIKE 'login%' GROUP BY action ORDER BY action"
	q "SELECT chain FROM audit_heads ORDER BY chain"
}

# ---- refused: a changed line in the file --------------------------------------
step="a tampered file is refused"
cp "$A02" "$T/bad.db"
[ "$(lite "$T/bad.db" "DROP TRIGGER journal_no_update; UPDATE journal SET content = content || ' ' WHERE seq = 2; SELECT changes()")" = 1 ] ||
	fail "the line was not changed"
snapshot >"$T/before"
expect_rc 1 as admin migrate "$T/bad.db" "$PG"
expect_err "A02"
expect_err "строка 2"
snapshot >"$T/after"
cmp -s "$T/before" "$T/after" || { diff -u "$T/before" "$T/after" >&2; fail "a refused move wrote"; }

# ---- the move -------------------------------------------------------------------
step="migrate A02"
expect_rc 0 as admin migrate "$A02" "$PG"
expect_out "подразделения A02"
expect_out "admin → admin.a02"
expect_out "sha256 $(sha256sum "$A02" | cut -c1-64)"
step="a non-admin is refused"
snapshot >"$T/before"
expect_rc 5 as ivanov migrate "$A03" "$PG"
snapshot >"$T/after"
cmp -s "$T/before" "$T/after" || { diff -u "$T/before" "$T/after" >&2; fail "a refused move wrote"; }
step="migrate A03 on a pty: the progress line"
# Run 10 ms out of every 100 (ptyline.py), so that a copy of a fraction of
# a second lasts long enough for its line to show.
# Connected as the windows' role (okno), not the schema's owner: its
# privileges are enough.
python3 tests/cli/ptyline.py --slow 10/90 -- env OKNO_PASSWORD_FILE="$T/pw.admin" \
	"$OKNO" --as admin migrate "$A03" "$(printf %s "$PG" | sed 's/user=okno_owner/user=okno/')" >"$T/pty"
grep -q '^EXIT 0$' "$T/pty" || { cat "$T/pty" >&2; fail "exit"; }
grep -q '^FRAME [0-9.]* Копирование подразделения в общую базу: [0-9 ]* из [0-9 ]* ([0-9]* %)' "$T/pty" ||
	{ cat "$T/pty" >&2; fail "no progress of the copy"; }
grep -q '^LINE Перенесено из .*подразделения A03' "$T/pty" || { cat "$T/pty" >&2; fail "result line"; }
grep -q '^LINE .*ivanov → ivanov.a03' "$T/pty" || { cat "$T/pty" >&2; fail "renamed logins"; }
if grep '^LINE ' "$T/pty" | grep -q 'Копирование\|Проверка'; then
	cat "$T/pty" >&2
	fail "progress left on the screen"
fi
for l in ivanov sidorova chief operator auditor head; do cp "$T/pw.$l" "$T/pw.$l.a03"; done

step="counts and contents"
for t in cases case_events prints blanks queue_tickets journal_books outputs; do
	want=$(( $(lite "$A02" "SELECT count(*) FROM $t") + $(lite "$A03" "SELECT count(*) FROM $t") ))
	got=$(q "SELECT count(*) FROM $t")
	[ "$got" = "$want" ] || fail "$t: $got on the target, $want in the files"
done
for c in A02 A03; do
	f=$A02; [ $c = A03 ] && f=$A03
	want=$(lite "$f" "SELECT count(*) || ' ' || max(seq) || ' ' || (SELECT hash FROM journal ORDER BY seq DESC LIMIT 1) FROM journal")
	got=$(q "SELECT count(*) || ' ' || max(seq) || ' ' || (SELECT j.hash FROM journal j JOIN offices o ON o.id = j.office_id WHERE o.code = '$c' ORDER BY j.seq DESC LIMIT 1) FROM journal j JOIN offices o ON o.id = j.office_id WHERE o.code = '$c'")
	[ "$got" = "$want" ] || fail "$c's journal: «$got» on the target, «$want» in the file"
	want=$(lite "$f" "SELECT group_concat(content, '|') FROM (SELECT content FROM journal ORDER BY seq)")
	got=$(q "SELECT string_agg(j.content, '|' ORDER BY j.seq) FROM journal j JOIN offices o ON o.id = j.office_id WHERE o.code = '$c'")
	[ "$got" = "$want" ] || fail "$c's journal lines differ"
	want=$(lite "$f" "SELECT count(*) FROM audit")
	got=$(q "SELECT count(*) FROM audit a JOIN moved_chains c ON c.chain = a.chain JOIN moved_in m ON m.id = c.moved_in WHERE m.offices = '$c' AND a.moved_id IS NOT NULL")
	[ "$got" = "$want" ] || fail "$c's audit lines: $got on the target, $want in the file"
done
# the region's chains of the two files are two chains below zero
[ "$(q "SELECT count(*) FROM moved_chains WHERE chain < 0")" = 2 ] || fail "the files' region chains"
[ "$(q "SELECT count(*) FROM regions")" = 1 ] || fail "region R1 made twice"
[ "$(q "SELECT surname_key <> '' FROM cases c JOIN offices o ON o.id = c.office_id WHERE o.code = 'A03' AND c.service = 'registration'")" = t ] ||
	fail "the registration case of A03"
[ "$(q "SELECT count(*) FROM audit WHERE action = 'db.migrate' AND detail LIKE '%a03.db sha256 %'")" = 1 ] || fail "no db.migrate line"

step="outputs and audit lines name the moved cases"
for c in A02 A03; do
	f=$A02; [ $c = A03 ] && f=$A03
	want=$(lite "$f" "SELECT group_concat(x, ',') FROM (SELECT c.docno || substr(o.object, length('case:' || c.id) + 1) AS x FROM outputs o JOIN cases c ON o.object LIKE 'case:' || c.id || ':%' ORDER BY x)")
	got=$(q "SELECT string_agg(c.docno || substr(o.object, length('case:' || c.id) + 1), ',' ORDER BY c.docno || substr(o.object, length('case:' || c.id) + 1)) FROM outputs o JOIN cases c ON o.object LIKE 'case:' || c.id || ':%' JOIN offices f ON f.id = c.office_id WHERE f.code = '$c'")
	[ -n "$want" ] && [ "$got" = "$want" ] || fail "$c's outputs: «$got» on the target, «$want» in the file"
done
for c in A02 A03; do
	f=$A02; [ $c = A03 ] && f=$A03
	want=$(lite "$f" "SELECT group_concat(substr(object, length('office:' || (SELECT id FROM offices)) + 1), ',') FROM outputs WHERE object LIKE 'office:%'")
	got=$(q "SELECT string_agg(substr(u.object, length('office:' || o.id) + 1), ',' ORDER BY u.id) FROM outputs u JOIN offices o ON u.object LIKE 'office:' || o.id || ':%' WHERE o.code = '$c'")
	[ -n "$want" ] && [ "$got" = "$want" ] || fail "$c's journal outputs: «$got» on the target, «$want» in the file"
done
bp2=$(q "SELECT mc.case_id FROM moved_cases mc JOIN moved_in m ON m.id = mc.moved_in WHERE m.offices = 'A02' AND mc.old_id = $BP2")
[ -n "$bp2" ] || fail "A02's pass not in moved_cases"
expect_rc 0 as regaud audit --case "$bp2"
want=$(lite "$A02" "SELECT group_concat(action, ' ') FROM (SELECT action FROM audit WHERE object = 'case:$BP2' ORDER BY id)")
got=$(awk '{print $4}' "$T/out" | tr '\n' ' ' | sed 's/ $//')
[ -n "$want" ] && [ "$got" = "$want" ] || fail "audit --case $bp2: «$got», in the file «$want»"

step="verify on the target"
expect_rc 0 as auditor journal verify
expect_out "Журнал цел"
expect_rc 0 as auditor journal verify --against "$(cat "$T/A02.jseal")"
expect_rc 0 as auditor.a03 journal verify --against "$(cat "$T/A03.jseal")"
expect_rc 0 as regaud audit verify
expect_rc 0 as regaud audit verify --against "$(cat "$T/A02.aseal")"
expect_rc 0 as regaud audit verify --against "$(cat "$T/A03.aseal")"
step="check-document of a moved code"
expect_rc 0 as ivanov check-document "$code2"
expect_out "Документ значится в журнале: Алмалинский РУП ДП г. Алматы"
expect_out "выдано заявителю"

step="a new case after the move chains on"
export OKNO_NOW=2026-03-21T10:00:00
head_before=$(q "SELECT j.hash FROM journal j JOIN offices o ON o.id = j.office_id WHERE o.code = 'A03' ORDER BY j.seq DESC LIMIT 1")
expect_rc 0 as ivanov.a03 case new --service registration --json "$FIX/registration.json" --field doc_number=N0000001
id=$(cat "$T/out")
expect_rc 0 as ivanov.a03 case event "$id" accept
[ "$(q "SELECT prev_hash FROM journal WHERE case_id = $id AND kind = 'accept'")" = "$head_before" ] ||
	fail "the new line does not link to the last moved line"
[ "$(q "SELECT hashed_office IS NULL FROM journal WHERE case_id = $id AND kind = 'accept'")" = t ] ||
	fail "a new line has hashed ids"
expect_rc 0 as auditor.a03 journal verify
expect_rc 0 as regaud audit verify
code=$(q "SELECT c.code FROM journal_codes c JOIN journal j ON j.id = c.line_id WHERE j.case_id = $id AND j.kind = 'accept'")
expect_rc 0 as ivanov.a03 check-document "$code"

step="the same office again is refused"
snapshot >"$T/before"
expect_rc 6 as admin migrate "$A02" "$PG"
expect_err "A02"
snapshot >"$T/after"
cmp -s "$T/before" "$T/after" || { diff -u "$T/before" "$T/after" >&2; fail "a refused move wrote"; }

step="a moved line changed on the target is found"
q "ALTER TABLE journal DISABLE TRIGGER USER; UPDATE journal SET hashed_case = hashed_case + 1 WHERE id = (SELECT j.id FROM journal j JOIN offices o ON o.id = j.office_id WHERE o.code = 'A02' AND j.case_id IS NOT NULL ORDER BY j.seq LIMIT 1); ALTER TABLE journal ENABLE TRIGGER USER"
expect_rc 1 as auditor journal verify
expect_err "строка"
echo "ok"
