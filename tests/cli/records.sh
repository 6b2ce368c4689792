#!/bin/sh
# CLI: the special records. Import of the regional CSV (a broken file is
# refused whole, each line named; the good one loads), the check of a case
# for the records officer (candidates with their reasons and scores, the
# document number found whatever the spelling), the decision recorded with
# the case through the workflow, and the permissions.
# engines: sqlite pg
set -eu
NAME=records
. tests/cli/lib.inc
export OKNO_NOW=2026-03-20T10:00:00
nrecords() { q 'SELECT count(*) FROM records'; }

printf '%s\n' 'первый-пароль-1' >"$T/first"
step=init
expect_rc 0 env OKNO_NEW_PASSWORD_FILE="$T/first" "$OKNO" --db "$DB" init --training \
	--office A01 --name "Медеуский РУП" --region "ДП г. Алматы"
printf '%s\n' 'админ-пароль-2' >"$T/pw.admin"
expect_rc 0 env OKNO_PASSWORD_FILE="$T/first" OKNO_NEW_PASSWORD_FILE="$T/pw.admin" \
	"$OKNO" --db "$DB" --as admin passwd
add_user ivanov "Иванов Иван Иванович" "" inspector
add_user sidorova "Сидорова Анна Петровна" "" records

# ---- import ---------------------------------------------------------------
step="import broken"
cat >"$T/bad.csv" <<'CSV'
kind,surname,given_names,patronymic,birth_date,citizenship,doc_number,note
violation,Ли,Вэй,,12.12.1979,CHN,E12345678,
wanted,Ахмедов,Рустам,Ильич,31.02.1985,UZB,AA1234567,
розыск,Петров,Пётр,,01.02.1970,Атлантида,,
CSV
expect_rc 3 as sidorova records import "$T/bad.csv"
expect_err "строка 3, столбец «birth_date»"
expect_err "строка 4, столбец «citizenship»"
expect_err "ничего не загружено"
[ "$(nrecords)" = 0 ] || fail "a broken file left records"
step="import by an inspector"
expect_rc 5 as ivanov records import "$T/bad.csv"
step="import good"
cat >"$T/good.csv" <<'CSV'
kind,surname,given_names,patronymic,birth_date,citizenship,doc_number,note
violation,Ли,Вэй,,12.12.1979,CHN,,"нарушение срока пребывания, 2019"
wanted,Ахмедов,Рустам,Ильич,12.05.1985,UZB,AA1234567,
entry_ban,Другой,Человек,,01.01.1950,RUS,E12345678,запрет въезда
CSV
expect_rc 0 as sidorova records import "$T/good.csv" --source region-2026-03
expect_out "загружено записей: 3"
[ "$(nrecords)" = 3 ] || fail "count"
step="import --replace"
expect_rc 0 as sidorova records import "$T/good.csv" --source region-2026-03 --replace
[ "$(nrecords)" = 3 ] || fail "replace doubled the records"

# ---- check of a case --------------------------------------------------------
step="case"
expect_rc 0 as ivanov case new --service border-pass --json "$FIX/border-pass.json"
id=$(cat "$T/out")
expect_rc 0 as ivanov case event "$id" accept
step="check"
expect_rc 0 as sidorova records check "$id"
expect_out "кандидатов в спецучетах: 2"
# The fixture's LI WEI, 12.12.1979, E12345678: the name record (Ли Вэй)...
expect_out "нарушение: Ли Вэй"
expect_out "дата рождения совпадает"
# ...and the one with the same document number, however named: first.
head -n 1 "$T/out" | grep -q "кандидатов" || fail "header"
sed -n 2p "$T/out" | grep -qF "Другой Человек" || fail "the document match is not first"
expect_out "номер документа совпадает (E12345678)"
step="check by an inspector"
expect_rc 5 as ivanov records check "$id"
step="check of a missing case"
expect_rc 4 as sidorova records check 999

# ---- decision ----------------------------------------------------------------
step="hit without reason"
expect_rc 3 as sidorova records decide "$id" hit
expect_err "[reason]"
step="hit"
expect_rc 0 as sidorova records decide "$id" hit --reason "совпадение с записью №3"
expect_rc 0 as ivanov case show "$id"
expect_out "(hit)"
# Record ids are the engine's: the document's match is listed first.
doc_id=$(q "SELECT id FROM records WHERE surname = 'Другой'")
expect_out "совпадение с записью №3; кандидаты: №$doc_id "
[ "$(q "SELECT count(*) FROM audit WHERE action = 'records.check'")" -ge 2 ] ||
	fail "no audit line of the check"
"$OKNO" records --help | grep -q "records import FILE" || fail "help"
echo "records: ok"
