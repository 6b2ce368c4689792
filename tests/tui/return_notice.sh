#!/bin/sh
# A return needs only the identity fields: on the invitation form, the
# inviter's name typed and the passport's zone read (F9), nothing else,
# F5 shows what is missing and a second F2 returns the documents; the
# screen shows the return notice's number, and the notice is printed (two
# copies, to the window's print folder, named by its number) with the
# documents that are missing, addressed to the inviting party who
# applied. The database holds the returned case with
# its number and the print.
. tests/tui/lib.inc

L1="P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
L2="L898902C36UTO7408122F1204159ZE184226B<<<<<10"

scenario() {
	rm -rf "$W/print"
	start_as ivanov ivanov-pass1 intake invitation
	wait_for "Приглашающая сторона"
	text "Сериков Болат Канатович"; keys Tab
	keys Escape 9
	wait_for "машиносчитываемая зона"
	text "$L1"; keys Enter; text "$L2"; keys Enter
	wait_for "[ERIKSSON"
	# Accept wants the whole form; a return does not.
	keys Escape 2
	wait_for "Заявление не принято: ошибок"
	keys Escape
	wait_gone "Исправьте перед приёмом"
	keys Escape 5
	wait_for "Вернуть документы заявителю?"
	wait_for "Не хватает:"
	keys Escape 2
	wait_for "Документы возвращены заявителю."
	wait_for "Уведомление о возврате № 1/2026"
	wait_for "Куда печатать уведомление?"
	keys Enter
	wait_for "Уведомление (2 экз.) отправлена в файл return-1-2026-return-notice.txt"
	f=$W/print/return-1-2026-return-notice.txt
	grep -q "УВЕДОМЛЕНИЕ № 1/2026" "$f" || fail "notice number"
	grep -q "^Заявитель: *Сериков Болат Канатович" "$f" ||
		fail "notice: not addressed to the inviting party"
	grep -q "^Иностранец: *ERIKSSON ANNA MARIA" "$f" || fail "notice person"
	grep -q "Заявление-анкета\|Документ" "$f" || fail "notice documents"
	[ "$(db "SELECT state || ':' || return_no || '/' || return_year FROM
		cases")" = "returned:1/2026" ] || fail "case: $(db "SELECT state,
		return_no FROM cases")"
	[ "$(db "SELECT count(*) FROM prints WHERE document = 'return-notice'")" \
		= 2 ] || fail "prints: $(db "SELECT document FROM prints")"
	[ "$(db "SELECT json_extract(data, '\$.host_name') FROM cases")" = \
		"Сериков Болат Канатович" ] || fail "inviter not kept"
}
each_term scenario
