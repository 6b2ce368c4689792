#!/bin/sh
# Copied from ../shared/tools/peers so bench/ runs on its own.
# dialog --form with a Cyrillic title and 12 Cyrillic-labelled fields.
# Form values go to fd 3 -> ${FORM_OUT:-/dev/null} so they do not reach the tty.
exec dialog --title "Анкета иностранного гражданина" --output-fd 3 \
  --form "Заполните анкету:" 0 76 12 \
  "Фамилия:"                1 1 "" 1 26 44 60 \
  "Имя:"                    2 1 "" 2 26 44 60 \
  "Отчество:"               3 1 "" 3 26 44 60 \
  "Дата рождения:"          4 1 "" 4 26 44 60 \
  "Гражданство:"            5 1 "" 5 26 44 60 \
  "Номер паспорта:"         6 1 "" 6 26 44 60 \
  "Срок действия паспорта:" 7 1 "" 7 26 44 60 \
  "Цель поездки:"           8 1 "" 8 26 44 60 \
  "Дата въезда:"            9 1 "" 9 26 44 60 \
  "Адрес пребывания:"      10 1 "" 10 26 44 60 \
  "Принимающая сторона:"   11 1 "" 11 26 44 60 \
  "Срок регистрации:"      12 1 "" 12 26 44 60 \
  3>"${FORM_OUT:-/dev/null}"
