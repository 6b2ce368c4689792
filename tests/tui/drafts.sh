#!/bin/sh
# Nothing typed is lost: each intake is a draft of its own (a second form
# never replaces the first), listed with the applicant and its age,
# resumed, discarded only after F2 in a confirmation; filing one case
# removes that case's draft and no other. A digit typed once the Esc
# that closed a list has had its time is a digit, not a function key.
. tests/tui/lib.inc

scenario() {
	start_as ivanov ivanov-pass1
	wait_for "4. Черновики (0)"
	menu_item "Приём документов: Регистрация"
	wait_for "Сведения об иностранце"
	text "АХМЕДОВ"; keys Tab; text "РУСТАМ"; keys Tab
	# A list closed by Esc, then, after a while, a digit: typed.
	tab_to "Пункт пропуска"
	text "Хор"
	wait_for "Поиск: Хор"
	keys Escape
	wait_for "[Хор "
	sleep 1   # longer than Esc+digit's time
	text "0"
	wait_for "[Хор0"
	screen | grep -q "^>\*Пункт пропуска" || fail "the digit left the form"
	keys Escape 0
	wait_for "4. Черновики (1)"
	menu_item "Приём документов: Приглашение"
	wait_for "Приглашающая сторона"
	text "Сериков Болат"; keys Tab
	keys Escape 0
	wait_for "4. Черновики (2)"
	[ "$(db "SELECT count(*) FROM drafts")" = 2 ] || fail "two drafts"
	expect_draft entry_point Хор0 registration

	text 4
	wait_for "Черновики заявлений"
	wait_for "АХМЕДОВ РУСТАМ"
	wait_for "(заявитель не указан)"
	wait_for "только что"
	# The registration: resumed and returned (identity fields only).
	select_row "АХМЕДОВ"
	keys Enter
	wait_for "Черновик восстановлен"
	wait_for "[АХМЕДОВ"
	tab_to "Дата рождения"
	text "14.05.1988"
	tab_to "Гражданство"
	text "Узбек"; keys Enter
	tab_to "Номер документа"
	text "FA1234567"; keys Tab
	keys Escape 5
	wait_for "Вернуть документы заявителю?"
	keys Escape 2
	wait_for "Документы возвращены заявителю."
	keys Escape 0
	wait_for "Черновики заявлений"
	wait_gone "АХМЕДОВ РУСТАМ"
	[ "$(db "SELECT count(*) FROM drafts")" = 1 ] ||
		fail "filing removed another draft"
	[ "$(db "SELECT state FROM cases")" = returned ] || fail "not returned"
	# The other one: discarded, after a confirmation.
	keys Escape 2
	wait_for "Удалить черновик"
	text "Удал"; keys Enter
	wait_for "Удалить черновик?"
	keys Enter
	sleep 0.3
	[ "$(db "SELECT count(*) FROM drafts")" = 1 ] || fail "Enter discarded"
	keys Escape 2
	wait_for "Черновик удалён"
	wait_for "Черновиков нет"
	[ "$(db "SELECT count(*) FROM drafts")" = 0 ] || fail "not discarded"
	# Two removals, each audited: the returned case's and the discard.
	[ "$(db "SELECT count(*) FROM audit WHERE action = 'draft.delete'")" \
		= 2 ] || fail "removals not audited"
}
each_term scenario
