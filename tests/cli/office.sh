#!/bin/sh
# An office database takes none of the training switches from whoever runs
# okno: a copied forms folder (--forms, OKNO_FORMS) with every document
# optional, or a receipt template that promises what the office did not,
# is refused before anything is written; OKNO_CRYPT_COST does not weaken a
# real account's password hash. A restore never puts a training copy in
# place of the office's database.
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory.
set -eu
NAME=office
. tests/ns.inc
. tests/cli/lib.inc
office_init

same() { [ "$(db_sum)" = "$1" ] || fail "the database changed: $2"; }

# A copy of the forms: every document optional, and a receipt template of a
# new version promising an extension.
cp -R "$ROOT/forms" "$T/forms"
sed -i 's/^  required.*$/  optional/' "$T/forms/registration.form"
grep -q '^  required' "$T/forms/registration.form" && fail "sed"
sed -i 's/^%version 1$/%version 2/; s/^%center в приеме документов$/%center в приеме документов\n%center срок регистрации продлён до 31.12.2030/' \
	"$T/forms/templates/receipt.tpl"
grep -q 'продлён до 31.12.2030' "$T/forms/templates/receipt.tpl" || fail "sed tpl"
chmod -R go-w "$T/forms"

step="a copied forms folder is refused (case new, accept, print)"
before=$(db_sum)
expect_rc 5 env OKNO_FORMS="$T/forms" OKNO_PASSWORD_FILE="$T/pw.ivanov" \
	"$OKNO" --db "$DB" --as ivanov case new --service registration \
	--field surname=АХМЕДОВ
expect_err "другая папка форм допустима только в учебной базе"
same "$before" "OKNO_FORMS case new"
expect_rc 0 as ivanov case new --service registration --json "$(today_registration)"
id=$(cat "$T/out")
before=$(db_sum)
expect_rc 5 env OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" --db "$DB" \
	--forms "$T/forms" --as ivanov case event "$id" accept
expect_err "другая папка форм допустима только в учебной базе"
same "$before" "--forms accept"
[ "$(q "SELECT state FROM cases WHERE id = $id")" = draft ] || fail "accepted"
expect_rc 0 as ivanov case event "$id" accept
before=$(db_sum)
expect_rc 5 env OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" --db "$DB" \
	--forms "$T/forms" --as ivanov print "$id" receipt --out "$T/r.txt"
same "$before" "--forms print"
[ ! -e "$T/r.txt" ] || fail "a receipt was printed from the copied template"
# The office's own template is the one printed and pinned for reprints.
expect_rc 0 as ivanov print "$id" receipt --out "$T/r.txt"
grep -q '2030' "$T/r.txt" && fail "the receipt promises an extension"
grep -q 'РАСПИСКА №' "$T/r.txt" || fail "no receipt"
[ "$(q "SELECT count(*) FROM form_texts WHERE text LIKE '%2030%'")" = 0 ] ||
	fail "the copied template was kept for reprints"
# forms check of a draft folder is what --forms is for.
expect_rc 0 "$OKNO" --db "$DB" --forms "$T/forms" forms check
expect_out "Формы в порядке"

step="OKNO_CRYPT_COST does not weaken a real account's hash"
printf '%s\n' 'новый-пароль-начальника-3' >"$T/pw.chief.new"
expect_rc 0 env OKNO_CRYPT_COST=1 OKNO_PASSWORD_FILE="$T/pw.chief" \
	OKNO_NEW_PASSWORD_FILE="$T/pw.chief.new" "$OKNO" --db "$DB" \
	--as chief passwd
hash=$(q "SELECT pw_hash FROM accounts WHERE login = 'chief'")
# yescrypt at libxcrypt's default cost 5 ("j9T"), never cost 1.
case "$hash" in
'$y$j9T$'*) ;;
*) fail "chief's hash is not at the default cost: ${hash%%\$*}${hash#\$y\$}" ;;
esac
expect_rc 0 env OKNO_CRYPT_COST=1 OKNO_NEW_PASSWORD_FILE="$T/first" \
	OKNO_PASSWORD_FILE="$T/pw.admin" "$OKNO" --db "$DB" --as admin \
	user add weak --name "Слабый Хеш" --position инспектор --role inspector
case "$(q "SELECT pw_hash FROM accounts WHERE login = 'weak'")" in
'$y$j9T$'*) ;;
*) fail "a new account's hash is not at the default cost" ;;
esac

step="restore refuses a training copy"
printf '%s\n' 'первый-пароль-1' >"$T/first"
expect_rc 0 env OKNO_FORMS="$ROOT/forms" OKNO_PASSWORD_FILE="$T/first" \
	"$OKNO" --db "$T/training.db" init --training --office A01 \
	--name "Медеуский РУП ДП г. Алматы" --region "ДП г. Алматы"
# Everything but the audit log (and its head row), and the audit log but
# for the login line.
content() {
	for t in $(q "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
		case $t in audit | audit_heads) continue ;; esac
		q "SELECT * FROM $t"
	done | sha256sum
}
before=$(content)
lines=$(q "SELECT count(*) FROM audit")
expect_rc 6 as admin restore "$T/training.db"
expect_err "учебная база"
[ "$(content)" = "$before" ] || fail "a refused restore changed the database"
[ "$(q "SELECT count(*) || ' ' || max(action) FROM audit WHERE id > $lines")" = "1 login" ] ||
	fail "a refused restore left more than the admin's login"
echo "cli/office: all checks passed"
