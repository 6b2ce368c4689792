#!/bin/sh
# CLI scenario: a region of two offices on one database. Regions under
# their national codes (region add, list; office add --region CODE). A
# records officer of the region sees the checks waiting in both offices
# (office on each line), reads and checks cases of both; the regional head
# signs a pass of one office and an invitation of the other, and the
# decision's journal line and the printed pass carry the head's name,
# position and the regional unit. Office accounts stay in their own
# office: another office's case is "not found" to read and to act on, and
# a head of another region is refused likewise. check-document and the
# rules' duplicate warning answer across the offices of the database,
# naming the issuing office.
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory.
# engines: sqlite pg
set -eu

NAME=region
. tests/cli/lib.inc
export OKNO_NOW=2026-03-20T10:00:00

init_office
standard_staff

# ---- regions and offices ---------------------------------------------------
step="region list"
expect_rc 0 "$OKNO" --db "$DB" region list
expect_out "R1         ДП г. Алматы; подразделений: 1"
step="region add"
expect_rc 0 as admin region add AST --name "ДП г. Астаны"
expect_rc 6 as admin region add AST --name "Другой"
expect_err "AST"
expect_rc 6 as admin region add R9 --name "ДП г. Астаны"
expect_rc 3 as admin region add "A S" --name "Пробел"
expect_err "[region]"
expect_rc 5 as ivanov region add KRG --name "ДП Карагандинской области"
step="office add --region CODE"
expect_rc 0 as admin office add A02 --name "Алмалинский РУП ДП г. Алматы" --region R1
expect_rc 0 as admin office add B01 --name "Есильский РУП ДП г. Астаны" --region AST
expect_rc 0 "$OKNO" --db "$DB" region list
expect_out "R1         ДП г. Алматы; подразделений: 2"
expect_out "AST        ДП г. Астаны; подразделений: 1"
[ "$(q "SELECT count(*) FROM regions")" = 2 ] || fail "a region made twice"
[ "$(q "SELECT r.code FROM regions r JOIN offices o ON o.region_id = r.id WHERE o.code = 'A02'")" = R1 ] ||
	fail "A02 not in R1"

# ---- accounts of both tiers -------------------------------------------------
add_user petrov "Петров Петр Петрович" "инспектор" inspector --office=A02
add_user chief2 "Алмалинов Серик Маратович" "начальник отделения" chief --office=A02
add_user operator2 "Журналова Дана Ерлановна" "оператор" operator --office=A02
add_user rec "Регионова Мария Ивановна" "инспектор спецучетов УМП" records --region=R1
add_user head "Нурпеисов Асхат Каиржанович" "начальник УМП" region_head --region=R1
add_user ahead "Астанов Ерлан Болатович" "начальник УМП" region_head --region=AST
step="user add --region: unknown region"
expect_rc 4 env OKNO_NEW_PASSWORD_FILE="$T/first" OKNO_PASSWORD_FILE="$T/pw.admin" \
	"$OKNO" --db "$DB" --as admin user add nobody --name "Никто" \
	--position "x" --role records --region XX

# ---- cases in both offices --------------------------------------------------
ndoc=0
new_case() { # LOGIN SERVICE -> $id
	ndoc=$((ndoc + 1))
	step="case new $2 by $1"
	expect_rc 0 as "$1" case new --service "$2" --json "$FIX/$2.json" \
		--field doc_number="R$(printf %07d "$ndoc")"
	id=$(cat "$T/out")
	expect_rc 0 as "$1" case event "$id" accept
}
new_case ivanov border-pass
BP=$id
new_case petrov invitation
INV=$id
new_case petrov registration
REG2=$id

# ---- the region's records officer -------------------------------------------
step="the regional worklist"
expect_rc 0 as rec case list --state accepted
[ "$(wc -l <"$T/out")" -eq 3 ] || { cat "$T/out" >&2; fail "the worklist lists $(wc -l <"$T/out")"; }
grep -Eq "^$BP +A01 +border-pass +accepted " "$T/out" || { cat "$T/out" >&2; fail "no A01 pass"; }
grep -Eq "^$INV +A02 +invitation +accepted " "$T/out" || { cat "$T/out" >&2; fail "no A02 invitation"; }
grep -Eq "^$REG2 +A02 +registration +accepted " "$T/out" || { cat "$T/out" >&2; fail "no A02 registration"; }
step="case show across the region"
expect_rc 0 as rec case show "$INV"
grep -Eq "^  Подразделение +Алмалинский РУП ДП г. Алматы \(A02\)$" "$T/out" || fail "case show lacks the office"
expect_rc 0 as rec case show "$BP"
expect_out "Медеуский РУП ДП г. Алматы (A01)"
step="records check across the region"
expect_rc 0 as rec records check "$INV"
expect_rc 0 as rec case event "$INV" check-clear
expect_rc 0 as rec case event "$BP" check-clear
expect_rc 0 as rec case event "$REG2" check-clear
[ "$(q "SELECT state FROM cases WHERE id = $REG2")" = issued ] || fail "registration not issued"
# The check's journal line belongs to the case's office.
[ "$(q "SELECT o.code FROM journal j JOIN offices o ON o.id = j.office_id WHERE j.case_id = $INV AND j.kind = 'check-clear'")" = A02 ] ||
	fail "the check's line is not in A02's journal"
expect_rc 0 as rec case list --state accepted
[ ! -s "$T/out" ] || { cat "$T/out" >&2; fail "the worklist is not empty"; }

# ---- office accounts stay in their office -----------------------------------
step="office accounts on another office's case"
q "SELECT * FROM cases ORDER BY id; SELECT count(*) FROM journal;" >"$T/before"
expect_rc 4 as ivanov case show "$INV"
expect_err "Дело № $INV не найдено"
expect_rc 4 as petrov case show "$BP"
expect_rc 4 as sidorova records check "$INV"
expect_rc 4 as chief case event "$INV" prepare
expect_rc 4 as ivanov case event "$REG2" hand-out --to "Заявитель лично"
expect_rc 0 as ivanov case list
grep -q "^$INV " "$T/out" && fail "A01's list shows A02's case"
grep -Eq "^$BP +border-pass" "$T/out" || { cat "$T/out" >&2; fail "A01's list lacks its pass (or shows an office column)"; }
step="a head of another region"
expect_rc 4 as ahead case event "$INV" issue
expect_rc 4 as ahead case show "$BP"
q "SELECT * FROM cases ORDER BY id; SELECT count(*) FROM journal;" >"$T/after"
cmp -s "$T/before" "$T/after" || { diff -u "$T/before" "$T/after" >&2; fail "a refused act changed the database"; }

# ---- the regional head signs for both offices -------------------------------
step="the head signs the A02 invitation"
expect_rc 0 as chief2 case event "$INV" prepare
expect_rc 5 as chief2 case event "$INV" issue
expect_rc 0 as head case event "$INV" issue
[ "$(q "SELECT state FROM cases WHERE id = $INV")" = issued ] || fail "invitation not issued"
content=$(q "SELECT content FROM journal WHERE case_id = $INV AND kind = 'issue'")
for want in '"by":"Нурпеисов Асхат Каиржанович"' '"position":"начальник УМП"' '"unit":"ДП г. Алматы"'; do
	case $content in *"$want"*) ;; *) fail "the decision's line lacks $want: $content" ;; esac
done
step="the head signs the A01 pass; it is printed with the signature"
expect_rc 0 as head case event "$BP" issue
expect_rc 0 as operator blanks add --kind border-pass --series AB --from 1001 --to 1010
expect_rc 0 as ivanov print "$BP" border-pass --blank AB1001 --out "$T/pass.txt"
expect_file "$T/pass.txt" "начальник УМП, ДП г. Алматы"
expect_file "$T/pass.txt" "Нурпеисов Асхат Каиржанович"
grep -q "Начальников" "$T/pass.txt" && fail "the office chief signs the pass the region signed"
step="the office chief's refusal names the office"
new_case petrov registration
REF=$id
expect_rc 0 as rec case event "$REF" check-hit --reason "Совпадение: запрет въезда"
expect_rc 0 as chief2 case event "$REF" refuse --ground records-hit --reason "Запрет въезда"
content=$(q "SELECT content FROM journal WHERE case_id = $REF AND kind = 'refuse'")
case $content in *'"unit":"Алмалинский РУП ДП г. Алматы"'*) ;; *) fail "the refusal's unit: $content" ;; esac

# ---- check-document across the offices ----------------------------------------
step="check-document names the issuing office"
code=$(q "SELECT c.code FROM journal_codes c JOIN journal j ON j.id = c.line_id WHERE j.case_id = $INV AND j.kind = 'issue'")
[ -n "$code" ] || fail "no code for the invitation"
expect_rc 0 as ivanov check-document "$code"
expect_out "Документ значится в журнале: Алмалинский РУП ДП г. Алматы"
expect_rc 0 as rec check-document "$code"
expect_out "Алмалинский РУП ДП г. Алматы"

# ---- the rules' history across the database ----------------------------------
step="a duplicate found in another region's office"
add_user astin "Астанова Айгерим" "инспектор" inspector --office=B01
# The registration of A02 ($REG2, document R0000003) is in force.
expect_rc 3 as astin case new --service registration --json "$FIX/registration.json" \
	--field doc_number=R0000003
expect_err "reg.duplicate"
expect_err "Алмалинский РУП ДП г. Алматы"
expect_rc 0 as astin case new --service registration --json "$FIX/registration.json" \
	--field doc_number=R0000003 --confirm reg.duplicate

step="both offices' journals verify"
expect_rc 0 as operator journal verify
expect_rc 0 as operator2 journal verify
expect_rc 0 as rec journal verify --office A02
expect_rc 5 as operator journal verify --office A02
step="four offices added at once"
# Each addition is one transaction; on PostgreSQL concurrent ones may
# conflict and are run again, never refused.
for i in 1 2 3 4; do
	(
		rc=0
		as admin office add "C0$i" --name "Отдел $i ДП г. Астаны" \
			--region AST >"$T/add$i.out" 2>&1 || rc=$?
		echo "$rc" >"$T/add$i.rc"
	) &
done
wait
for i in 1 2 3 4; do
	[ "$(cat "$T/add$i.rc")" = 0 ] ||
		fail "office C0$i not added: $(cat "$T/add$i.out")"
done
[ "$(q "SELECT count(*) FROM offices o JOIN regions r ON r.id = o.region_id WHERE r.code = 'AST'")" = 5 ] ||
	fail "not all four offices are in AST"
[ "$(q "SELECT count(*) FROM audit WHERE action = 'office.add' AND object LIKE 'office:C0%'")" = 4 ] ||
	fail "not one audit line per office"
add_user auditor "Проверяющий Аудит" "аудитор" auditor
expect_rc 0 as auditor audit verify
echo "PASS region"
