#!/bin/sh
# The document check screen and the "from the portal" worklist: a case
# accepted through the CLI, its journal code typed into the kiosk, the
# answer shown; a portal application imported through the CLI shows in
# the worklist and opens on Enter.
. tests/tui/lib.inc

scenario() {
	accept_case registration
	code=$(sqlite3 "$DB" "SELECT c.code FROM journal_codes c JOIN
		journal j ON j.id = c.line_id WHERE j.case_id = $id
		ORDER BY j.id DESC LIMIT 1")
	[ -n "$code" ] || fail "no journal code"

	mkdir -p "$W/drop"
	cat >"$W/drop/a1.json" <<EOF
{
  "format": 1,
  "request_id": "EGOV-2026-000101",
  "submitted_at": "2026-03-19T18:45:00",
  "applicant": {"iin": "921029350851", "name": "Сериков Болат Канатович"},
  "fields": {
    "surname": "АХМЕДОВ", "given_names": "РУСТАМ", "birth_date": "14.05.1988",
    "sex": "m", "citizenship": "UZB", "doc_type": "passport",
    "doc_number": "FA7654321", "doc_expiry": "20.11.2031",
    "purpose": "private", "entry_date": "18.03.2026",
    "entry_point": "Жибек жолы", "migration_card": "KZ0012345",
    "address_stay": "г. Алматы, ул. Абая, д. 10, кв. 5",
    "period_from": "18.03.2026", "period_to": "15.06.2026",
    "long_stay": "нет", "host_kind": "person",
    "host_name": "Сериков Болат Канатович", "host_iin": "921029350851",
    "host_address": "г. Алматы, ул. Абая, д. 10, кв. 5",
    "host_doc": "удостоверение личности 043512345",
    "host_right": "свидетельство о праве собственности"
  },
  "documents": ["id_document", "migration_card", "application", "host_id",
                "host_dwelling"]
}
EOF
	as_ivanov portal import "$W/drop" >/dev/null || fail "portal import"

	menu_as ivanov
	wait_for "Проверка документа по коду"
	menu_item "Проверка документа"
	wait_for "Код документа (XXXXX-XXXXX):"
	text "$code"; keys Enter
	wait_for "Документ значится в журнале: УМП ОП Медеуского района"
	wait_for "Запись:      принято 20.03.2026"
	wait_for "заявление принято, решения нет"
	keys Enter
	wait_for "Код документа (XXXXX-XXXXX):"
	text "AAAAA-AAAAA"; keys Enter
	wait_for "Документ не найден"
	keys Escape 0
	wait_for "Главное меню"

	menu_item "Списки дел"
	wait_for "Номер       Срок"
	wait_for "С портала (1)"
	text 7
	wait_for "АХМЕДОВ РУСТАМ"
	keys Enter
	wait_for "Состояние: черновик приёма"
	keys Escape 2
	wait_for "принять документы"
	keys Enter
	wait_for "принять документы?"
	keys Escape 2
	wait_for "Сделано: принять документы"
	wait_for "Дело РГ-2/2026"
	[ "$(sqlite3 "$DB" "SELECT state FROM cases WHERE id = 2")" = \
		accepted ] || fail "portal case not accepted"
	keys Escape 0
	wait_for "С портала (0)"
}
# xterm only: prompts and lists drawn by helpers other scenarios cover.
TERMS=${TERMS:-xterm} each_term scenario
