#!/bin/sh
# The peer of the bandwidth benchmarks: Debian's dialog --form on a
# 12-field Cyrillic form (the registration form's first twelve questions),
# values to fd 3 so they never reach the terminal. With --wait it first
# waits for Enter (echo off), so the form's first paint is the answer to
# one key, as okno's is when the inspector opens the form from the menu.
if [ "${1:-}" = --wait ]; then
	stty -echo
	printf 'ready\r\n'
	read -r _
fi
i=0
for label in "Фамилия:" "Имя:" "Отчество:" "Дата рождения:" "Гражданство:" \
	"Номер паспорта:" "Срок действия паспорта:" "Цель поездки:" \
	"Дата въезда:" "Адрес пребывания:" "Принимающая сторона:" \
	"Срок регистрации:"; do
	i=$((i + 1))
	set -- "$@" "$label" $i 1 "" $i 26 44 60
done
[ "${1:-}" = --wait ] && shift
exec dialog --title "Анкета иностранного гражданина" --output-fd 3 \
	--form "Заполните анкету:" 0 76 12 "$@" 3>/dev/null
