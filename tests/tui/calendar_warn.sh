#!/bin/sh
# Forty-seven days before 2028, whose calendar the admin has not
# confirmed (its Kurban Ait and the Government's transfers not entered):
# the administrator's screen says so, in Russian and in Kazakh, whichever
# list is shown; once the admin confirms 2028 the warning is gone.
. tests/tui/lib.inc

# admin_screen LANG...: the admin logged in at the kiosk, on the
# administrator's screen.
admin_screen() {
	start "$@" --as admin
	wait_for "$PW_PROMPT"
	text admin-pass-12; keys Enter
	wait_for "$MENU"
	text "$(screen | grep -o "[0-9]\. $ADMIN" | cut -c1)"
	wait_for "ivanov"
}

# leave: back to the main menu, out of the kiosk, which must exit.
leave() {
	keys Escape 0
	wait_for "$MENU"
	keys Escape 0
	wait_for "OKNO-EXIT=0"
}

scenario() {
	OKNO_NOW=2027-11-15T10:00:00
	PW_PROMPT=Пароль MENU="Главное меню" ADMIN=Администрирование
	admin_screen
	wait_for "Производственный календарь на 2028 год не подтвержден: сроки в нем"
	wait_for "calendar.confirmed_year 2028"
	keys Tab Tab
	wait_for "Праздники и переносы"
	wait_for "2027 год"
	wait_for "Производственный календарь на 2028 год не подтвержден"
	leave

	PW_PROMPT=Құпиясөз MENU="Басты мәзір" ADMIN=Әкімшілендіру
	admin_screen --lang kk
	wait_for "2028 жылғы өндірістік күнтізбе расталмаған: ондағы мерзімдер"
	wait_for "calendar.confirmed_year 2028"
	leave

	OKNO_PASSWORD_FILE=$a1 "$OKNO" --db "$DB" --as admin settings set \
		calendar.confirmed_year 2028 >/dev/null || fail "confirm 2028"
	PW_PROMPT=Пароль MENU="Главное меню" ADMIN=Администрирование
	admin_screen
	# The function keys are the last line drawn, below the warning's.
	wait_for "Выход"
	screen | grep -q "не подтвержден" && fail "warned after 2028 confirmed"
	leave
	return 0
}
each_term scenario
