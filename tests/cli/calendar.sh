#!/bin/sh
# CLI scenario: the calendar's data (forms/calendar/*.days) is read with
# the forms: calendar rules lists each holiday, Kurban Ait and transfer
# with its legal source and the dates it is in force; a holiday in force
# from a year is none the year before; a transfer added to the file moves
# a working day; a malformed line stops okno with its file and line, and
# the calendar of an office database is only ever its own forms'.
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory.
set -eu
NAME=calendar
. tests/cli/lib.inc
init_office
standard_staff

step="calendar rules"
expect_rc 0 "$OKNO" --db "$DB" calendar rules
expect_out "Курбан айт и переносы внесены за 2014–2027 годы"
expect_out "  07.05       День защитника Отечества; с 01.01.2013"
expect_out "  30.08       День Конституции; с 01.01.1996 по 31.12.2025"
expect_out "  15.03       День Конституции; с 01.01.2027"
expect_out "  07.01       Православное Рождество (не переносится); без ограничения по датам"
expect_out "      источник: Закон РК «О праздниках в Республике Казахстан», ст. 5"
expect_rc 0 "$OKNO" --db "$DB" calendar rules 2014
expect_out "  04.10.2014  Курбан айт (не переносится); 2014 год"
expect_out "  03.01.2014 выходной, 28.12.2013 рабочий"
expect_out "      источник: Постановление Правительства РК о переносе выходных дней (с 28.12.2013 на 03.01.2014)"
grep -q "15.03 " "$T/out" && fail "15 March listed for 2014"
grep -q "2025 год" "$T/out" && fail "another year's Kurban Ait listed for 2014"
expect_rc 0 "$OKNO" --db "$DB" calendar rules 2026
expect_out "Переносы Правительства (выходной ← рабочий) этого года:"
expect_out "  нет"
expect_rc 3 "$OKNO" --db "$DB" calendar rules 20x6

step="a holiday in force from a year"
# 15 March is Constitution Day from 2027: Sunday 15.03.2026 moves nothing,
# Monday 15.03.2027 is a day off.
expect_rc 0 "$OKNO" --db "$DB" calendar due 13.03.2026 1
[ "$(cat "$T/out")" = 16.03.2026 ] || fail "16.03.2026 not working: $(cat "$T/out")"
expect_rc 0 "$OKNO" --db "$DB" calendar due 12.03.2027 1
[ "$(cat "$T/out")" = 16.03.2027 ] || fail "15.03.2027 working: $(cat "$T/out")"

# A copy of the forms, edited as an office would (training database:
# --forms is honoured).
cp -R "$ROOT/forms" "$T/forms"
chmod -R go-w "$T/forms"
cal=$T/forms/calendar/kazakhstan.days
F="--forms $T/forms"

step="a transfer from the data file"
expect_rc 0 "$OKNO" --db "$DB" $F calendar due 11.06.2026 1
[ "$(cat "$T/out")" = 12.06.2026 ] || fail "due before: $(cat "$T/out")"
printf '%s\n' "transfer 2026-06-12 2026-06-13" \
	"  source Постановление Правительства РК о переносе выходных дней в 2026 году" >>"$cal"
expect_rc 0 "$OKNO" --db "$DB" $F calendar due 11.06.2026 1
[ "$(cat "$T/out")" = 13.06.2026 ] || fail "Saturday 13.06.2026 not working: $(cat "$T/out")"
expect_rc 0 "$OKNO" --db "$DB" $F calendar holidays 2026
expect_out "12.06.2026 пт  выходной перенос с 13.06.2026 (постановление Правительства)"
expect_out "13.06.2026 сб  рабочий"
expect_rc 0 "$OKNO" --db "$DB" $F calendar rules 2026
expect_out "  12.06.2026 выходной, 13.06.2026 рабочий"
expect_out "о переносе выходных дней в 2026 году"

step="forms check counts the calendar"
expect_rc 0 "$OKNO" --db "$DB" $F forms check
expect_out "записей календаря: 55 ("

step="a malformed line: its file and line"
n=$(($(wc -l <"$cal") + 1))
printf '%s\n' "holiday 02-30 Тридцатое февраля" "  source Нет такого закона" >>"$cal"
expect_rc 3 "$OKNO" --db "$DB" $F forms check
expect_out "$cal:$n: holiday: нужно «holiday ММ-ДД Название»"
expect_rc 3 "$OKNO" --db "$DB" $F calendar due 11.06.2026 1
expect_err "$cal:$n: holiday: нужно"
expect_rc 3 as ivanov $F case show 1
expect_err "$cal:$n: holiday: нужно"

step="an office database counts with its own forms' calendar"
unset OKNO_FORMS
TRAINING=
DB=$T/office.db
init_office
expect_rc 5 "$OKNO" --db "$DB" $F calendar due 11.06.2026 1
expect_err "другая папка форм допустима только в учебной базе"
expect_rc 0 "$OKNO" --db "$DB" calendar due 11.06.2026 1
[ "$(cat "$T/out")" = 12.06.2026 ] || fail "office due: $(cat "$T/out")"
echo "calendar: ok"
