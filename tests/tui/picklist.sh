#!/bin/sh
# Pick-lists find by any letter typed, in Russian, Kazakh and Latin
# spellings and aliases, and never drop a letter: «Кыргызстан» (the
# country's own name) finds Киргизия with every letter kept in the search;
# the Kazakh «Қыт» finds Китай, the Latin «Kyrg» Киргизия again. With no
# match the list says so and Enter chooses nothing; Esc keeps what was
# typed in the field, which is then refused by name on leaving it. A
# choice is found by its Kazakh text. The draft in the database holds
# what was chosen.
. tests/tui/lib.inc

scenario() {
	start_as ivanov ivanov-pass1 intake registration
	wait_for "Сведения об иностранце"
	tab_to "Гражданство"
	text "Кыргызстан"
	wait_for "Поиск: Кыргызстан"
	wait_for "Киргизия"
	screen | grep -q "Канада" && fail "a letter was dropped"
	keys Enter
	wait_for "[Киргизия"
	# Kazakh letters. (The pick moved on along Tab's path, past the
	# empty optional ИИН: two fields back.)
	keys Up Up
	wait_for ">*Гражданство"
	keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
	wait_for "[          "
	text "Қыт"
	wait_for "Поиск: Қыт"
	wait_for "Китай"
	keys Enter
	wait_for "[Китай"
	# Latin.
	keys Up Up
	keys BSpace BSpace BSpace BSpace BSpace
	text "Kyrg"
	wait_for "Поиск: Kyrg"
	wait_for "Киргизия"
	keys Enter
	wait_for "[Киргизия"
	# No match: nothing is chosen, the letters stay, Esc keeps them.
	keys Up Up
	keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
	text "Кыргызстанщ"
	wait_for "Поиск: Кыргызстанщ"
	wait_for "Нет совпадений"
	keys Enter
	wait_for "Нет совпадений: ничего не выбрано"
	wait_for "Поиск: Кыргызстанщ"
	keys Escape
	wait_for "[Кыргызстанщ"
	keys Tab
	wait_for "Гражданство:"
	screen | grep -q "^>\*Гражданство" || fail "left a bad country"
	keys BSpace
	wait_for "[Кыргызстан "
	keys Tab
	wait_for "[Киргизия"
	# A choice by its Kazakh text: Іскерлік / Іскер for «Деловая».
	tab_to "Цель визита"
	text "Іскер"
	wait_for "Поиск: Іскер"
	keys Enter
	wait_for "[Деловая"
	keys Escape 6
	wait_for "Черновик сохранён"
	expect_draft citizenship Киргизия
	expect_draft purpose business
}
each_term scenario
