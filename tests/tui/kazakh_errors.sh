#!/bin/sh
# Core's messages in the kiosk's language: a Kazakh user's refused field
# shows core's check in Kazakh (po/kk.po) on the status line, the field
# named by its Kazakh label: a digit in the surname, a date that does not
# exist. The same keys as a Russian user show core's Russian. Neither
# reaches the database: nothing is filed.
. tests/tui/lib.inc

# refuse SURNAME_ERROR DATE_ERROR FORBIDDEN...: on an intake form that shows
# the applicant's section, type a surname with a digit and a birth date of
# 31 February; each is refused with its message while the field keeps the
# focus; no FORBIDDEN text on the screen meanwhile.
refuse() {
	_name_err=$1 _date_err=$2
	shift 2
	text "АХМЕДОВ1"; keys Tab
	wait_for "$_name_err"
	for _f in "$@"; do
		screen | grep -qF -- "$_f" && fail "«$_f» on the screen"
	done
	screen | grep -q '^>.*\[АХМЕДОВ1' || fail "focus left the surname"
	keys BSpace; keys Tab
	wait_gone "$_name_err"
	text "РУСТАМ"; keys Tab
	text 31021990
	wait_for "$_date_err"
	for _f in "$@"; do
		screen | grep -qF -- "$_f" && fail "«$_f» on the screen"
	done
	screen | grep -q '^>.*\[31.02.1990\]' || fail "focus left the date"
	keys Escape 0
}

kazakh() {
	start --lang kk --as ivanov intake registration
	wait_for "Құпиясөз"
	text ivanov-pass1; keys Enter
	wait_for "Шетелдік туралы мәліметтер"
	refuse "Тегі: жарамсыз «1» таңбасы" \
		"Туған күні: «31.02.1990» күні күнтізбеде жоқ" \
		"Фамилия" "недопустимый" "Дата рождения" "несуществующая"
	wait_for "OKNO-EXIT=0"

	start_as ivanov ivanov-pass1 intake registration
	wait_for "Сведения об иностранце"
	refuse "Фамилия: недопустимый символ «1»" \
		"Дата рождения: несуществующая дата «31.02.1990»" \
		"Тегі" "жарамсыз" "Туған күні" "күнтізбеде"
	wait_for "OKNO-EXIT=0"
	[ "$(q "SELECT count(*) FROM cases")" = 0 ] || fail "a case was filed"
	return 0
}
each_term kazakh
