#!/bin/sh
# CLI scenario: okno rules list shows what the rule files apply on a day:
# the registration regime of 1 July 2026 (the 90-day countries' 30 days)
# the day it comes into force and not the day before; a service's term,
# steps and checks with their sources. No database is needed (any forms
# folder is then only listed); a training database lists a copied folder,
# an office database only its own.
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory.
set -eu
NAME=rules
. tests/cli/lib.inc

step="the day before a regime and the day it begins"
expect_rc 0 "$OKNO" --db "$T/none.db" rules list --date 30.06.2026 --service registration
expect_out "Правила на 30.06.2026, услуга registration"
expect_out "  registration: 1 раб. дн.; по режиму 2014 года, без даты окончания"
expect_out "  reg.late  предупреждение  [entry_date]  registration; по 30.06.2026"
grep -q "reg.late-90" "$T/out" && fail "the 2026 regime listed on 30.06.2026"
grep -q "^  border-pass:" "$T/out" && fail "another service listed"
expect_rc 0 "$OKNO" --db "$T/none.db" rules list --date 2026-07-01 --service registration
expect_out "  reg.late-90  предупреждение  [entry_date]  registration; с 01.07.2026"
expect_out "      требуется: \$late <= 30"
grep -q "  reg.late  " "$T/out" && fail "the 2014 regime listed on 01.07.2026"
expect_rc 0 "$OKNO" --db "$T/none.db" rules list --date 01.07.2026
expect_out "  border-pass: "
expect_out "  invitation: "
expect_out "Шаги регламента"
expect_out "      источник: "

step="bad arguments"
expect_rc 3 "$OKNO" --db "$T/none.db" rules list --date 31.02.2026
expect_err "Дата: ожидается ДД.ММ.ГГГГ"
expect_rc 3 "$OKNO" --db "$T/none.db" rules list --service visa
expect_err "неизвестный код «visa»"
expect_rc 2 "$OKNO" --db "$T/none.db" rules list --bogus
expect_rc 2 "$OKNO" --db "$T/none.db" rules

step="a forms folder without rules"
mkdir -p "$T/bare"
cp "$ROOT/forms"/*.form "$T/bare/"
cp -R "$ROOT/forms/lists" "$T/bare/"
chmod -R go-w "$T/bare"
expect_rc 4 "$OKNO" --db "$T/none.db" --forms "$T/bare" rules list
expect_err "нет правил (rules/)"

step="a copied folder: a training database lists it, an office one refuses"
cp -R "$ROOT/forms" "$T/forms"
sed -i 's/^  term 1$/  term 2/' "$T/forms/rules/registration.rules"
grep -q "^  term 2$" "$T/forms/rules/registration.rules" || fail "sed"
chmod -R go-w "$T/forms"
init_office
expect_rc 0 "$OKNO" --db "$DB" --forms "$T/forms" rules list --service registration
expect_out "  registration: 2 раб. дн."
unset OKNO_FORMS
TRAINING=
DB=$T/office.db
init_office
expect_rc 5 "$OKNO" --db "$DB" --forms "$T/forms" rules list
expect_err "другая папка форм допустима только в учебной базе"
expect_rc 0 "$OKNO" --db "$DB" rules list --service registration
expect_out "  registration: 1 раб. дн."
echo "rules: ok"
