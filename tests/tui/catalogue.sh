#!/bin/sh
# Translations come only from the catalogues okno trusts, and a catalogue
# is never trusted with a format: OKNO_LOCALEDIR naming a folder of
# someone's catalogues is not read (the kiosk speaks the installed Kazakh),
# and a catalogue beside the binary whose translation asks for other
# arguments than its Russian text ("%s%s%s...%n", built with msgfmt
# without --check-format) is shown as the Russian text: the kiosk neither
# crashes nor prints what the catalogue says.
. tests/tui/lib.inc

command -v msgfmt >/dev/null || fail "msgfmt is not installed (scripts/deps.sh)"
# catalogue DIR MSGSTR: DIR/kk/LC_MESSAGES/okno.mo translating the main
# menu's intake item as MSGSTR, and its title as «ТЕСТ-МӘЗІР» (which shows
# that the catalogue is the one read).
catalogue() {
	mkdir -p "$1/kk/LC_MESSAGES"
	cat >"$W/c.po" <<PO
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

msgid "Главное меню"
msgstr "ТЕСТ-МӘЗІР"

msgid "Приём документов: %s"
msgstr "$2"
PO
	msgfmt -o "$1/kk/LC_MESSAGES/okno.mo" "$W/c.po" || fail "msgfmt"
}

T_TERM=xterm
setup_db

# OKNO_LOCALEDIR is no way in.
catalogue "$W/evil" "ПОДДЕЛКА: %s"
START_ENV="OKNO_LOCALEDIR=$W/evil" start --lang kk
wait_for "Жүйеге кіру"
text ivanov; keys Tab
text ivanov-pass1; keys Enter
wait_for "Басты мәзір"
wait_for "Құжаттарды қабылдау: Шетелдікті тіркеу"
screen | grep -qF -e "ПОДДЕЛКА" -e "ТЕСТ-МӘЗІР" &&
	fail "a catalogue named by OKNO_LOCALEDIR was used"
keys Escape 0
wait_for "OKNO-EXIT=0"
stop_server || exit 1

# A crafted catalogue where okno does look (beside the binary).
mkdir -p "$W/bin"
cp "$OKNO" "$W/bin/okno"
catalogue "$W/bin/locale" "ЖАЛҒАН %s%s%s%s%s%s%s%s%s%s%s%s%n"
OKNO=$W/bin/okno start --lang kk
login_ivanov
wait_for "ТЕСТ-МӘЗІР"
wait_for "Приём документов: "
screen | grep -qF "ЖАЛҒАН" && fail "a translation with other arguments was used as a format"
keys Escape 0
wait_for "OKNO-EXIT=0"
stop_server || exit 1
echo "tui/catalogue: all checks passed"
