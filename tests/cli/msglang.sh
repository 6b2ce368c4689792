#!/bin/sh
# CLI scenario: core's messages on the CLI stay Russian whatever language
# the caller's environment asks for (LANGUAGE, LANG, LC_ALL, LC_MESSAGES,
# OKNO_LANG, --lang): the CLI binds the catalogue, as an installed okno
# finds it, and the catalogue has the Kazakh of each message checked here,
# but only the kiosk chooses a language for core's messages.
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory.
set -eu

NAME=msglang
. tests/cli/lib.inc
export OKNO_NOW=2026-03-20T10:00:00

init_office
add_user ivanov "Иванов Иван Иванович" "старший инспектор" inspector

# The catalogue next to the binary has these messages in Kazakh.
step=catalogue
for m in "Машиночитаемая зона: пустой ввод" "Дело № %lld не найдено" \
	"%s: недопустимый символ «%s»"; do
	kk=$(LANGUAGE=kk TEXTDOMAINDIR="$(dirname "$OKNO")/locale" \
		gettext -d okno "$m")
	[ -n "$kk" ] && [ "$kk" != "$m" ] || fail "no Kazakh for «$m»"
done

# russian: stderr of the last command has Russian and no Kazakh letter.
russian() {
	expect_err "$1"
	! grep -q '[әғқңөұүһіӘҒҚҢӨҰҮҺІ]' "$T/err" || fail "Kazakh on the CLI"
}

# The registration fixture with a digit in the surname.
sed 's/"surname": "АХМЕДОВ"/"surname": "АХМЕДОВ1"/' \
	"$FIX/registration.json" >"$T/bad.json"
grep -q АХМЕДОВ1 "$T/bad.json" || fail "the fixture has no surname АХМЕДОВ"
printf '\n' >"$T/empty"

for envs in "LANGUAGE=kk" "LANGUAGE=kk LANG=kk_KZ.UTF-8" \
	"LC_ALL=kk_KZ.UTF-8 LANG=kk_KZ.UTF-8" \
	"LC_ALL= LC_MESSAGES=kk_KZ.UTF-8 LANGUAGE=kk" "OKNO_LANG=kk LANGUAGE=kk"; do
	step="mrz, $envs"
	# shellcheck disable=SC2086
	expect_rc 3 env $envs "$OKNO" mrz <"$T/empty"
	russian "Машиночитаемая зона: пустой ввод"
	step="case show, $envs"
	# shellcheck disable=SC2086
	expect_rc 4 env $envs OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" \
		--db "$DB" --as ivanov case show 999
	russian "Дело № 999 не найдено"
	step="case new, $envs"
	# shellcheck disable=SC2086
	expect_rc 3 env $envs OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" \
		--db "$DB" --as ivanov case new --service registration \
		--json "$T/bad.json"
	russian "Фамилия: недопустимый символ «1»"
done
step="--lang kk"
expect_rc 4 env LANGUAGE=kk OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" \
	--lang kk --db "$DB" --as ivanov case show 999
russian "Дело № 999 не найдено"
rm -rf "$T"
echo "PASS msglang"
