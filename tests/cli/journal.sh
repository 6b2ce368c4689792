#!/bin/sh
# CLI scenario for the office journal: cases accepted into it, a correction,
# verify / seal / verify --against, the day's closing line, books with their
# certificate, check codes, search, printing at 80 and 132 columns against
# golden pages, CSV and text exports in every encoding, and tampering with
# the sqlite3 shell or psql as the schema's owner (a line changed, deleted,
# inserted; the journal cut short) caught by verify, each naming the line.
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory. UPDATE_GOLDEN=1 rewrites the golden pages.
# engines: sqlite pg
set -eu

NAME=journal
. tests/cli/lib.inc
export OKNO_NOW=2026-03-20T10:00:00

# golden NAME FILE: FILE must equal tests/fixtures/golden/NAME.
golden() {
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$2" "$GOLD/$1"
	fi
	cmp -s "$GOLD/$1" "$2" ||
		{ diff -u "$GOLD/$1" "$2" | head -40 >&2; fail "differs from golden $1"; }
}

# ---- a database with accounts ------------------------------------------
step=init
printf '%s\n' 'первый-пароль-1' >"$T/first"
expect_rc 0 env OKNO_NEW_PASSWORD_FILE="$T/first" "$OKNO" --db "$DB" init --training \
	--office A01 --name "Медеуский РУП ДП г. Алматы" \
	--region "ДП г. Алматы" --address "г. Алматы, ул. Абая, 1"
printf '%s\n' 'админ-пароль-2' >"$T/pw.admin"
expect_rc 0 env OKNO_PASSWORD_FILE="$T/first" OKNO_NEW_PASSWORD_FILE="$T/pw.admin" \
	"$OKNO" --db "$DB" --as admin passwd
add_user ivanov "Иванов Иван Иванович" "старший инспектор" inspector
add_user sidorova "Сидорова Анна Петровна" "инспектор спецучетов" records
add_user nurlanov "Нурланов Ерлан Серикович" "начальник отделения" chief
add_user operator "Жумабаева Айгуль Маратовна" "оператор журнала" operator
add_user auditor "Ким Олег" "аудитор" auditor

# ---- a book and three entries --------------------------------------------
step="book open"
expect_rc 5 as ivanov journal book open registration --pages 100
expect_rc 0 as operator journal book open registration --pages 100
expect_out "№ 1/2026"
expect_rc 6 as operator journal book open registration

new_accepted() { # service [json [case new options]] -> $id
	step="case new $1"
	svc=$1 json=${2:-$FIX/$1.json}
	shift $(($# < 2 ? $# : 2))
	expect_rc 0 as ivanov case new --service "$svc" --json "$json" "$@"
	id=$(cat "$T/out")
	expect_rc 0 as ivanov case event "$id" accept
}
new_accepted registration
c1=$id
# An awkward second applicant: Latin name, a host organisation name with a
# leading "=" (CSV formula injection), Kazakh letters (not in CP1251).
sed -e 's/"surname": "АХМЕДОВ"/"surname": "O'"'"'BRIEN"/' \
    -e 's/"given_names": "РУСТАМ"/"given_names": "SEAN"/' \
    -e 's/"citizenship": "UZB"/"citizenship": "IRL"/' \
    -e 's/"doc_number": "FA1234567"/"doc_number": "PX7654321"/' \
    -e 's/"host_name": "Сериков Болат Канатович"/"host_name": "=Қасымов Әлихан"/' \
    "$FIX/registration.json" >"$T/reg2.json"
new_accepted registration "$T/reg2.json"
c2=$id
new_accepted invitation
c3=$id
# A hit the chief found no bar in: the registration stands.
expect_rc 0 as sidorova case event "$c1" check-hit --reason "однофамилец"
expect_rc 0 as nurlanov case event "$c1" issue --reason "иное лицо"
expect_rc 0 as operator case event "$c1" berkut
expect_rc 0 as ivanov case event "$c1" hand-out --to "Ахмедов Рустам лично"

# ---- corrections ----------------------------------------------------------
step="correct"
expect_rc 2 as ivanov case correct "$c1" surname
expect_rc 3 as nurlanov case correct "$c1" surname=АХМАДОВ
expect_err "[reason]"
expect_rc 5 as sidorova case correct "$c1" surname=АХМАДОВ --reason опечатка
expect_rc 3 as nurlanov case correct "$c1" birth_date=31.02.1988 --reason опечатка
expect_err "[birth_date]"
expect_rc 0 as nurlanov case correct "$c1" surname=АХМАДОВ --reason "опечатка в фамилии"
expect_rc 0 as ivanov journal list
expect_out "АХМЕДОВ РУСТАМ"
expect_out "[ИСПРАВЛЕНО, см. ниже]"
expect_out "исправление к № 1/2026: Фамилия «АХМЕДОВ» → «АХМАДОВ» (опечатка в фамилии), исправленному верить"

# ---- search ----------------------------------------------------------------
step="search"
expect_rc 0 as ivanov journal list --surname ахм
expect_out "№ 1/2026"
[ "$(grep -c '^№' "$T/out")" = 1 ] || fail "surname search: $(cat "$T/out")"
expect_rc 0 as ivanov journal list --surname "o'b"
expect_out "O'BRIEN"
expect_rc 0 as ivanov journal list --doc px7654321
expect_out "№ 2/2026"
expect_rc 0 as ivanov journal list --citizenship UZB --service registration
[ "$(grep -c '^№' "$T/out")" = 1 ] || fail "citizenship search"
expect_rc 0 as ivanov journal list --state handed_out
expect_out "№ 1/2026"
expect_rc 0 as ivanov journal list --from 2 --to 2
[ "$(grep -c '^№' "$T/out")" = 1 ] || fail "number range"
expect_rc 0 as ivanov journal list --since 20.03.2026 --until 2026-03-20 --year 2026
[ "$(grep -c '^№' "$T/out")" = 3 ] || fail "date range"
expect_rc 0 as ivanov journal list --since 21.03.2026
[ ! -s "$T/out" ] || fail "date range after"
expect_rc 3 as ivanov journal list --since 32.03.2026
expect_rc 2 as ivanov journal list --width 100

# ---- verify, seal, close-day ---------------------------------------------
step="verify"
expect_rc 0 as ivanov journal verify
expect_out "Журнал цел: строк 9"
expect_rc 0 as auditor journal verify --year 2026
step="seal"
expect_rc 5 as ivanov journal seal
expect_rc 0 as operator journal seal
expect_out "Строк:          9"
sealed=$(sed -n 's/^Краткая печать: //p' "$T/out")
full=$(sed -n 's/^Полный хеш: *//p' "$T/out")
[ ${#full} = 64 ] || fail "full hash «$full»"
new_accepted border-pass
c4=$id
step="verify --against"
expect_rc 0 as ivanov journal verify --against "$sealed"
expect_out "продолжает запечатанное состояние (строка 9)"
expect_rc 0 as ivanov journal verify --against "$full"
expect_rc 3 as ivanov journal verify --against zzz

# ---- books ---------------------------------------------------------------
step="book close"
expect_rc 0 as operator journal book close registration
expect_out "Пронумеровано и прошнуровано 100 листов, записей 2 (№ 1/2026 – 2/2026)"
expect_rc 0 as operator journal book list
expect_out "закрыта"

# ---- check codes -----------------------------------------------------------
step="check-document"
code=$(q "SELECT c.code FROM journal_codes c JOIN journal j ON j.id = c.line_id WHERE j.case_id = $c1 AND j.kind = 'hand-out'")
expect_rc 0 as ivanov check-document "$code"
expect_out "Кому:        АХМЕДОВ РУСТАМ"
expect_out "Номер:       1/2026 (registration)"
expect_out "выдано заявителю"
expect_out "Выдано:      20.03.2026, Ахмедов Рустам лично"
expect_out "ДА, после выдачи документа запись исправлена"
lower=$(printf '%s' "$code" | tr 'A-Z' 'a-z' | tr -d -)
expect_rc 0 as ivanov check-document "$lower"
code2=$(q "SELECT c.code FROM journal_codes c JOIN journal j ON j.id = c.line_id WHERE j.case_id = $c2")
expect_rc 0 as ivanov check-document "$code2"
expect_out "Исправления: нет"
expect_out "заявление принято, решения нет"
expect_rc 3 as ivanov check-document 12345-6789X
expect_rc 4 as ivanov check-document 00000-00000

# ---- printing --------------------------------------------------------------
step="print"
for w in 80 132; do
	expect_rc 0 as operator journal print --book registration --year 2026 --width $w
	golden journal-$w.txt "$T/out"
	while IFS= read -r line; do
		n=$(printf '%s' "$line" | wc -m)
		[ "$n" -le $w ] || fail "a line of $n characters at width $w: $line"
	done <"$T/out"
done
expect_rc 0 as operator journal print --book registration --year 2026 --width 80 --encoding rk1048
cmp -s "$T/out" "$GOLD/journal-80.txt" && fail "rk1048 print not converted"
iconv -f RK1048 -t UTF-8 "$T/out" | cmp -s - "$GOLD/journal-80.txt" ||
	fail "rk1048 print differs from the UTF-8 page"
expect_rc 3 as operator journal print --book registration --width 80 --encoding cp1251
expect_err "Қ"

# ---- export ----------------------------------------------------------------
step="export csv"
expect_rc 2 as operator journal export
expect_rc 0 as operator journal export --format csv --book registration
golden journal.csv "$T/out"
# A training database's export says so first, then the column heads.
head -1 "$T/out" | grep -q '^УЧЕБНЫЙ РЕЖИМ — ОБРАЗЕЦ' || fail "training mark"
sed -n 2p "$T/out" | grep -q '^№ п/п,Дата и время приема,' || fail "csv header"
grep -q "\"'=Қасымов Әлихан" "$T/out" || fail "formula not neutralised"
grep -q "$(printf '\r')\$" "$T/out" || fail "csv lines must end CRLF"
expect_rc 0 as operator journal export --format text --book invitation
expect_out " 1. № п/п: 1/2026"
expect_out "12. Срок регистрации: с … по …: с 01.05.2026 по 30.06.2026"
for enc in utf-8 cp1251 koi8-r cp866 rk1048; do
	step="export $enc"
	if [ $enc = rk1048 ] || [ $enc = utf-8 ]; then
		expect_rc 0 as operator journal export --format csv --encoding $enc
		iconv -f $enc -t UTF-8 "$T/out" >"$T/back.csv" || fail "iconv $enc"
		grep -q 'АХМЕДОВ' "$T/back.csv" || fail "$enc: no name"
	else
		expect_rc 3 as operator journal export --format csv --encoding $enc
		expect_err "Қ"
		expect_rc 0 as operator journal export --format csv --encoding $enc --translit
		iconv -f $enc -t UTF-8 "$T/out" >"$T/back.csv" || fail "iconv $enc"
		grep -q "'=Касымов Алихан" "$T/back.csv" || fail "$enc: translit"
	fi
done
step="export to a file"
# The same bytes as to stdout, recorded (outputs) with the audit line and
# written after it; once delivered the record keeps the size and SHA-256.
expect_rc 0 as operator journal export --format csv --encoding rk1048
cp "$T/out" "$T/stdout.csv"
expect_rc 0 as operator journal export --format csv --encoding rk1048 --output "$T/j.csv"
cmp -s "$T/j.csv" "$T/stdout.csv" || fail "the file differs from stdout"
[ "$(q "SELECT state || ' ' || length(content) || ' ' || size || ' ' || sha256 FROM outputs WHERE kind = 'journal'")" = \
	"delivered 0 $(stat -c %s "$T/j.csv") $(sha256sum "$T/j.csv" | cut -c1-64)" ] ||
	fail "outputs: $(q "SELECT state, length(content), size FROM outputs WHERE kind = 'journal'")"
# Not encodable: nothing recorded, nothing written.
lines=$(q "SELECT count(*) FROM audit WHERE action = 'export'")
expect_rc 3 as operator journal export --format csv --encoding cp1251 --output "$T/j2.csv"
[ ! -e "$T/j2.csv" ] || fail "a file of a refused export"
[ "$(q "SELECT count(*) FROM audit WHERE action = 'export'") $(q "SELECT count(*) FROM outputs WHERE kind = 'journal'")" = "$lines 1" ] ||
	fail "a refused export was recorded"

# ---- reports -------------------------------------------------------------
step="report: data"
# The same foreigner again while the first registration is in force: a
# warning the inspector confirms.
expect_rc 3 as ivanov case new --service registration --json "$FIX/registration.json"
expect_err "reg.duplicate"
new_accepted registration "$FIX/registration.json" --confirm reg.duplicate
c5=$id
expect_rc 0 as sidorova case event "$c5" check-hit --reason "Совпадение: запрет въезда"
expect_rc 0 as nurlanov case event "$c5" refuse --ground records-hit \
	--reason "Запрет въезда до 2030 года"
expect_rc 0 as ivanov case new --service invitation --json "$FIX/invitation.json" \
	--confirm inv.duplicate
expect_rc 0 as ivanov case event "$(cat "$T/out")" return --reason "Нет копии паспорта"
step="report day"
expect_rc 0 as ivanov queue take
expect_rc 5 as ivanov report day
expect_rc 0 as nurlanov report day
cp "$T/out" "$T/report-day.txt"
expect_out "Отчёт за 20.03.2026"
expect_out "Принято заявлений:          5"
expect_out "Отказов:                    1"
expect_out "Возвращено при приёме:      1"
expect_out "Выдано заявителям:          1"
expect_out "Узбекистан (UZB)"
expect_out "Просрочено (на 20.03.2026): 0"
expect_out "Нагрузка инспекторов:"
expect_out "Иванов Иван Иванович"
expect_out "Очередь (окно, услуга: талонов"
expect_rc 0 as auditor report day --date 19.03.2026
expect_out "Принято заявлений:          0"
step="report period csv"
expect_rc 0 as auditor report period --from 01.03.2026 --to 31.03.2026 --format csv
head -1 "$T/out" | grep -q '^раздел,ключ,наименование,принято,' || fail "csv head"
expect_out "итого,,2026-03-01 – 2026-03-31,5,1,1,1,1,0"
expect_out "основание отказа,registration records-hit,"
expect_rc 3 as auditor report period --from 31.03.2026 --to 01.03.2026
expect_rc 2 as auditor report period --from 01.03.2026
step="report overdue"
expect_rc 0 env OKNO_NOW=2026-06-30T10:00:00 OKNO_PASSWORD_FILE="$T/pw.operator" \
	"$OKNO" --db "$DB" --as operator report day
expect_out "Просрочено (на 30.06.2026): 3"
# The registration never checked: its second step (the check and the
# Berkut entry, one working day) is late.
expect_out "шаг 2 (Заполнение журналов, проверка по специальным учетам): срок 26.03.2026"
expect_out "Срок в ближайшие два рабочих дня (по 02.07.2026): 0"

step="close-day"
expect_rc 0 as operator journal close-day
expect_out "ЗАКРЫТИЕ ДНЯ 20.03.2026"
expect_out "Строк журнала за день: 14 (строки 1–14), из них записей с номером: 5"
dayseal=$(sed -n 's/^Краткая печать: //p' "$T/out")
expect_rc 3 as operator journal close-day --date 21.03.2026
# Nothing more is filed into the closed day, whatever the clock says.
new_case_id=$(as ivanov case new --service registration --json "$FIX/registration.json" --field doc_number=FJ9999999)
before=$(q "SELECT count(*) || '/' || max(seq) FROM journal")
expect_rc 6 as ivanov case event "$new_case_id" accept
expect_err "День 20.03.2026 закрыт в журнале: запись в закрытый день не делается"
[ "$(q "SELECT count(*) || '/' || max(seq) FROM journal")" = "$before" ] ||
	fail "a line was filed into the closed day"
expect_rc 6 env OKNO_NOW=2026-03-19T10:00:00 OKNO_PASSWORD_FILE="$T/pw.ivanov" \
	"$OKNO" --db "$DB" --as ivanov case event "$new_case_id" accept
expect_err "раньше последней строки журнала"
[ "$(q "SELECT count(*) || '/' || max(seq) FROM journal")" = "$before" ] ||
	fail "a line was dated before the one above it"
# A journal's own line about its books may follow the closing.
expect_rc 0 as operator journal book list

# ---- tampering behind okno's back -----------------------------------------
step="triggers"
q "UPDATE journal SET content = '{}' WHERE seq = 3" 2>"$T/err" &&
	fail "UPDATE of a journal line was allowed"
grep -q "append-only" "$T/err" || fail "trigger message"
q "DELETE FROM journal WHERE seq = 3" 2>/dev/null &&
	fail "DELETE of a journal line was allowed"
db_save clean
# Each tamper starts from a copy of the intact database, as the schema's
# owner with the append-only triggers off (on PostgreSQL the foreign keys
# stay: a removed line's check code goes first).
tamper() { # SQL
	db_restore clean
	if [ "$ENGINE" = pg ]; then
		q "ALTER TABLE journal DISABLE TRIGGER USER;
			ALTER TABLE journal_codes DISABLE TRIGGER USER; $1" >/dev/null
	else
		sqlite3 "$DB" "DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;
			DROP TRIGGER journal_codes_no_delete; $1"
	fi
}
step="tamper: changed"
tamper "UPDATE journal SET content = replace(content, 'АХМЕДОВ', 'ИВАНОВ') WHERE seq = 2"
expect_rc 1 as ivanov journal verify
expect_err "строка 2 (запись № 1/2026, «accept», 2026-03-20T10:00:00+05:00) изменена"
expect_out "НАРУШЕН: строка изменена, строка 2"
step="tamper: deleted"
tamper "DELETE FROM journal_codes WHERE line_id IN (SELECT id FROM journal WHERE seq = 5);
	DELETE FROM journal WHERE seq = 5"
expect_rc 1 as ivanov journal verify
expect_err "нет строки 5 (удалена)"
step="tamper: inserted"
tamper "UPDATE journal SET seq = seq + 1000 WHERE seq >= 4; UPDATE journal SET seq = seq - 999 WHERE seq > 1000;
	INSERT INTO journal(office_id, seq, book, year, kind, at, actor_id, content, prev_hash, hash)
	SELECT office_id, 4, book, year, 'hand-out', at, actor_id, '{}', hash, hash FROM journal WHERE seq = 3"
expect_rc 1 as ivanov journal verify
expect_err "строка 4"
expect_err "вставлена"
step="tamper: cut short"
tamper "DELETE FROM journal_codes WHERE line_id IN (SELECT id FROM journal WHERE seq > 9);
	DELETE FROM journal WHERE seq > 9"
expect_rc 0 as ivanov journal verify
expect_rc 1 as ivanov journal verify --against "$dayseal"
expect_err "конец журнала отрезан"
echo "journal: ok"
