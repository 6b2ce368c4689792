#!/bin/sh
# Single-byte Cyrillic locales: the kiosk under LANG=ru_RU.KOI8-R and
# ru_RU.CP1251 on a terminal of that charset (charbridge.py converts
# between tmux's UTF-8 and the program, as such a terminal would; luit
# lacks CP1251 without X font files). Russian text shows as
# is (Ё included); Kazakh letters the charset lacks show as the nearest
# Russian ones (Қ->К, Ә->А), never as garbage; Cyrillic typed in the
# single-byte charset is stored as UTF-8. The locales are made with
# localedef into a private folder (LOCPATH), once, and reused; when that
# is impossible the test says so and is skipped.
. tests/tui/lib.inc

LOC=${OKNO_LOCALES:-$PWD/build/locales}
mkdir -p "$LOC" || { echo "SKIP: cannot create $LOC"; exit 0; }
for cs in KOI8-R CP1251; do
	[ -d "$LOC/ru_RU.$cs" ] && continue
	localedef -i ru_RU -f "$cs" "$LOC/ru_RU.$cs" 2>/dev/null ||
		[ -d "$LOC/ru_RU.$cs" ] || {
			echo "SKIP: localedef -i ru_RU -f $cs failed" \
				"(package locales?)"; exit 0; }
done

admin() { OKNO_PASSWORD_FILE=$a1 "$OKNO" --db "$DB" --as admin "$@"; }

scenario() {
	add_account kasymova inspector "Қасымова Әлия" --position=инспектор
	admin window set 4 kasymova >/dev/null || fail "window set"
	for cs in KOI8-R CP1251; do
		new_server
		$T new-session -d -x 80 -y 24 \
			"python3 $PWD/tests/tui/charbridge.py $cs env LOCPATH=$LOC \
			LANG=ru_RU.$cs LC_ALL=ru_RU.$cs TERM=$T_TERM TZ=$TZ \
			OKNO_NOW=$OKNO_NOW OKNO_FORMS=$OKNO_FORMS HOME=$HOME \
			$OKNO --db $DB intake registration; sleep 30" ||
			fail "tmux"
		wait_for "Учётная запись:" 10
		text kasymova; keys Tab; text kasymova-pass1; keys Enter
		wait_for "Окно 4 · Касымова Алия, инспектор"
		wait_for "Сведения об иностранце"
		text "Сергеев-$cs"; keys Escape 6
		wait_for "Черновик сохранён"
		wait_for "[Сергеев-$cs"
		[ "$(sqlite3 "$DB" "SELECT json_extract(data, '\$.surname')
			FROM drafts ORDER BY id DESC LIMIT 1")" = "Сергеев-$cs" ] ||
			fail "typed $cs text not stored as UTF-8"
		screen | grep -q '?' && fail "unshowable characters ($cs)"
	done
	return 0
}
TERMS=xterm each_term scenario
