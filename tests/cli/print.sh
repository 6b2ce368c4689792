#!/bin/sh
# CLI scenario of printing: a receipt to a file (UTF-8 and CP1251 goldens),
# reprints (refused for the inspector, ПОВТОРНО for the chief), a Kazakh
# letter refused in CP1251 with its field named, lp present (a stand-in)
# and absent, a pass on a numbered blank, blanks spoil and report, forms
# show, and forms check on a good and a broken forms directory.
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory.
# engines: sqlite pg
set -eu

NAME=print
. tests/cli/lib.inc
export OKNO_NOW=2026-03-05T14:32:07

# ---- set up: office, accounts, two accepted cases -------------------------
init_office
standard_staff
region_head head "Нурпеисов Асхат Каиржанович" "начальник УМП ДП г. Алматы"
# The foreigner entered the day before this test's day.
sed -e 's/"entry_date": "18.03.2026"/"entry_date": "04.03.2026"/' \
    -e 's/"period_from": "18.03.2026"/"period_from": "04.03.2026"/' \
    -e 's/"period_to": "15.06.2026"/"period_to": "01.06.2026"/' \
    "$FIX/registration.json" >"$T/registration.json"
FIX0=$FIX
FIX=$T
cp "$FIX0/border-pass.json" "$FIX0/invitation.json" "$T/"

new_case() { # service [json]: each application its own document (the
	# first keeps the fixture's, as the golden receipt shows it)
	step="case new $1"
	# (a counter in a file: new_case runs in $(...))
	ndoc=$(($(cat "$T/ndoc" 2>/dev/null || echo 0) + 1))
	echo "$ndoc" >"$T/ndoc"
	doc=FA1234567
	[ "$ndoc" -eq 1 ] || doc="FP$(printf %07d "$ndoc")"
	expect_rc 0 as ivanov case new --service "$1" --json "${2:-$FIX/$1.json}" \
		--field doc_number="$doc"
	id=$(cat "$T/out")
	expect_rc 0 as ivanov case event "$id" accept
	echo "$id"
}
REG=$(new_case registration)

# ---- receipt --------------------------------------------------------------
step="print: draft state refused"
expect_rc 0 as ivanov case new --service registration --json "$FIX/registration.json" --field doc_number=FP9999999
DRAFT=$(cat "$T/out")
expect_rc 6 as ivanov print "$DRAFT" receipt --out "$T/r0.txt"
[ ! -e "$T/r0.txt" ] || fail "a refused print wrote a file"

step="print: no target"
expect_rc 2 as ivanov print "$REG" receipt
step="print: unknown document"
expect_rc 2 as ivanov print "$REG" passport --out "$T/x"
step="print: bad width"
expect_rc 2 as ivanov print "$REG" receipt --width 100 --out "$T/x"

step="print receipt utf-8"
expect_rc 0 as ivanov print "$REG" receipt --out "$T/r1.txt"
expect_out "2 экз."
cmp -s "$T/r1.txt" "$GOLD/case-receipt-80.txt" ||
	{ diff -u "$GOLD/case-receipt-80.txt" "$T/r1.txt" >&2; fail "receipt differs"; }
[ "$(stat -c %a "$T/r1.txt")" = 600 ] || fail "printed file is not 0600"
[ "$(q "SELECT count(*) FROM prints WHERE case_id = $REG")" = 2 ] ||
	fail "two copies, two prints rows"

step="reprint by the inspector"
expect_rc 5 as ivanov print "$REG" receipt --encoding cp1251 --out "$T/r2"
expect_err "начальника"
[ "$(q "SELECT count(*) FROM prints WHERE case_id = $REG")" = 2 ] ||
	fail "a refused reprint was logged"

step="another office's inspector"
# A case of another office is not found, printed or not: "уже напечатан"
# would tell that it exists.
expect_rc 0 as admin office add B01 --name "Алмалинский РУП ДП г. Алматы" \
	--region "ДП г. Алматы"
add_user petrov "Петров Пётр Петрович" "инспектор" inspector --office=B01
expect_rc 4 as petrov print "$REG" receipt --out "$T/b1.txt"
expect_err "не найдено"
grep -q "напечатан" "$T/err" && fail "another office learns the case was printed"
printed_err=$(sed "s/№ $REG/№ N/" "$T/err")
expect_rc 4 as petrov print 999 receipt --out "$T/b1.txt"
[ "$(sed "s/№ 999/№ N/" "$T/err")" = "$printed_err" ] ||
	fail "a printed case of another office is told from a missing one: $(cat "$T/err")"
[ ! -e "$T/b1.txt" ] || fail "another office printed"
[ "$(q "SELECT count(*) FROM prints WHERE case_id = $REG")" = 2 ] ||
	fail "another office's print was recorded"

step="reprint by the chief"
expect_rc 0 as chief print "$REG" receipt --out "$T/r3.txt"
expect_out "ПОВТОРНО"
grep -q "ПОВТОРНО" "$T/r3.txt" || fail "no ПОВТОРНО on the page"
expect_rc 0 as ivanov case show "$REG"
expect_out "reprint"
expect_out "ПОВТОРНО"
expect_out "Узбекистан (UZB)"
expect_out "Мужской"
expect_out "14.05.1988"

step="receipt cp1251"
REG2=$(new_case registration)
expect_rc 0 as ivanov print "$REG2" receipt --encoding cp1251 --out "$T/r4"
# The byte-for-byte golden is tests/unit/test_print.c's; this case is
# 2/2026 with its own check code, so compare it with the same case in
# UTF-8 (the chief's copy is a reprint: drop the ПОВТОРНО lines).
iconv -f cp1251 -t utf-8 "$T/r4" >"$T/r4.txt"
grep -q "РАСПИСКА № РГ-2/2026" "$T/r4.txt" || fail "cp1251 receipt number"
expect_rc 0 as chief print "$REG2" receipt --out "$T/r5.txt"
tr '\f' '\n' <"$T/r5.txt" | grep -v "ПОВТОРНО" >"$T/r5.norm"
tr '\f' '\n' <"$T/r4.txt" | cmp -s - "$T/r5.norm" ||
	fail "cp1251 receipt differs from its UTF-8 text"

step="reprint after the template changed"
# A new template version in another forms folder: a reprint keeps the text
# of the first print; a new case's first print takes the new file; a file
# changed without a new %version is refused.
mkdir -p "$T/forms2"
cp -R "$OKNO_FORMS/." "$T/forms2/"
sed -i 's/^%version [0-9]*$/%version 99/; s/РАСПИСКА №/КВИТАНЦИЯ №/' \
	"$T/forms2/templates/receipt.tpl"
grep -q "КВИТАНЦИЯ №" "$T/forms2/templates/receipt.tpl" ||
	fail "test set-up: receipt heading not changed"
expect_rc 0 as chief --forms "$T/forms2" print "$REG" receipt --out "$T/r3b.txt"
grep -q "РАСПИСКА №" "$T/r3b.txt" || fail "reprint did not keep the first text"
grep -q "КВИТАНЦИЯ" "$T/r3b.txt" && fail "reprint took the changed template"
NEWC=$(new_case registration)
expect_rc 0 as ivanov --forms "$T/forms2" print "$NEWC" receipt --out "$T/r3c.txt"
grep -q "КВИТАНЦИЯ №" "$T/r3c.txt" || fail "a first print ignored the new file"
sed -i 's/КВИТАНЦИЯ №/ТАЛОН №/' "$T/forms2/templates/receipt.tpl"
NEWD=$(new_case registration)
expect_rc 6 as ivanov --forms "$T/forms2" print "$NEWD" receipt --out "$T/r3d.txt"
expect_err "без смены версии"

step="receipt to stdout"
expect_rc 0 as chief print "$REG2" receipt --out -
expect_out "РАСПИСКА № РГ-2/2026"
code=$(sed -n 's/.*Код проверки: //p' "$T/out" | head -n 1)
[ -n "$code" ] || fail "no check code on the receipt"

# ---- a Kazakh letter -----------------------------------------------------
step="kazakh letter in cp1251"
sed 's/"АХМЕДОВ"/"ӘБДІҒАЛИЕВ"/' "$FIX/registration.json" >"$T/kz.json"
KZ=$(new_case registration "$T/kz.json")
expect_rc 3 as ivanov print "$KZ" receipt --encoding cp1251 --out "$T/kz"
expect_err "[surname]"
expect_err "Фамилия"
expect_err "Ә"
[ ! -e "$T/kz" ] || fail "an unprintable receipt was written"
expect_rc 0 as ivanov print "$KZ" receipt --encoding rk1048 --out "$T/kz"

# ---- lp --------------------------------------------------------------------
step="lp absent"
mkdir -p "$T/nolp"
ln -s "$(command -v sqlite3)" "$T/nolp/sqlite3"
expect_rc 4 env PATH="$T/nolp" OKNO_PASSWORD_FILE="$T/pw.chief" "$OKNO" \
	--db "$DB" --as chief print "$REG" receipt --printer office
expect_err "CUPS"
step="lp present"
mkdir -p "$T/bin"
cat >"$T/bin/lp" <<EOF
#!/bin/sh
[ "\$1 \$2 \$3 \$4" = "-d office -o raw" ] || exit 3
cat >"$T/lp.out"
EOF
chmod +x "$T/bin/lp"
expect_rc 0 env PATH="$T/bin:$PATH" OKNO_PASSWORD_FILE="$T/pw.chief" "$OKNO" \
	--db "$DB" --as chief print "$REG" receipt --printer office
grep -q "РАСПИСКА" "$T/lp.out" || fail "lp got no receipt"
step="lp bad queue name"
expect_rc 3 env PATH="$T/bin:$PATH" OKNO_PASSWORD_FILE="$T/pw.chief" "$OKNO" \
	--db "$DB" --as chief print "$REG" receipt --printer=-oops

# ---- pass on a blank -------------------------------------------------------
step="pass"
BP=$(new_case border-pass)
expect_rc 0 as sidorova case event "$BP" check-clear
expect_rc 6 as ivanov print "$BP" border-pass --blank AB1001 --out "$T/p"
expect_rc 5 as chief case event "$BP" issue
expect_rc 0 as head case event "$BP" issue
expect_rc 3 as ivanov print "$BP" border-pass --out "$T/p"
expect_err "--blank"
expect_rc 4 as ivanov print "$BP" border-pass --blank AB1001 --out "$T/p"
expect_rc 5 as ivanov blanks add --kind border-pass --series AB --from 1001 --to 1100
expect_rc 0 as operator blanks add --kind border-pass --series AB --from 1001 --to 1100
expect_out "100"
expect_rc 6 as operator blanks add --kind border-pass --series AB --from 1100 --to 1101
expect_rc 3 as operator blanks add --kind visa --series AB --from 1 --to 2
expect_rc 0 as ivanov print "$BP" border-pass --blank AB1001 --encoding cp1251 --out "$T/p"
expect_out "бланк AB 1001"
iconv -f cp1251 -t utf-8 "$T/p" | grep -q "ПРОПУСК № AB 1001" || fail "pass number"
[ "$(q "SELECT state FROM blanks WHERE number = 1001")" = used ] || fail "blank not used"
expect_rc 6 as chief print "$BP" border-pass --blank AB1001 --out "$T/p"
expect_rc 0 as chief print "$BP" border-pass --blank AB1002 --out "$T/p2"
grep -q "ПОВТОРНО" "$T/p2" || fail "pass reprint not marked"

# ---- blanks ------------------------------------------------------------
step="blanks spoil"
expect_rc 3 as operator blanks spoil AB1003
expect_rc 0 as operator blanks spoil AB1003 --reason "замят в принтере"
expect_rc 6 as operator blanks spoil AB1003 --reason "еще раз"
expect_rc 4 as operator blanks spoil AB5000 --reason "нет такого"
step="blanks report"
expect_rc 0 as operator blanks report
expect_out "пропуск      AB             0       100         2         1        97"
expect_out "замят в принтере"
expect_out "Остаток сходится"
expect_rc 0 as operator blanks report --date 04.03.2026
expect_out "Бланков нет"
expect_rc 3 as operator blanks report --date 32.13.2026
expect_rc 5 as ivanov blanks report

# ---- forms ---------------------------------------------------------------
step="forms show"
expect_rc 0 "$OKNO" forms show registration
expect_out "surname"
expect_out "если visa_number заполнено"
expect_out "Мужской / Ер"
expect_rc 0 "$OKNO" forms show registration --json
expect_out '"required_if"'
expect_rc 4 "$OKNO" forms show nosuch
step="forms check"
expect_rc 0 "$OKNO" forms check
expect_out "Формы в порядке"
step="forms check broken"
mkdir -p "$T/forms/templates"
cp "$OKNO_FORMS"/*.form "$T/forms/"
cp "$OKNO_FORMS"/templates/*.tpl "$T/forms/templates/"
sed 's/^  type date$/  type dat/' "$OKNO_FORMS/invitation.form" >"$T/forms/invitation.form"
printf '%%id broken\n%%if x\ntext\n' >"$T/forms/templates/refusal.tpl"
rm "$T/forms/templates/passport-insert.tpl"
expect_rc 3 "$OKNO" --forms "$T/forms" forms check
line=$(grep -n '^  type dat$' "$T/forms/invitation.form" | head -n 1 | cut -d: -f1)
expect_out "$T/forms/invitation.form:$line:"
expect_out "$T/forms/templates/refusal.tpl:"
expect_out "passport-insert.tpl"

echo "print: ok"
