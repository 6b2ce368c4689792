#!/bin/sh
# The report screen at 80 columns: a refusal ground longer than the row
# wraps onto the next row with its count beside its last words, and a
# heading wider than the screen goes on below; nothing is cut at the
# screen's edge.
. tests/tui/lib.inc

scenario() {
	add_account records records "Спецучётова Анна Петровна"
	add_account chief chief "Начальников Пётр Сергеевич"
	accept_case registration
	as_user records case event "$id" check-hit \
		--reason "Совпадение: запрет въезда" >/dev/null || fail "check-hit"
	as_user chief case event "$id" refuse --ground incomplete \
		--reason "Нет договора найма" >/dev/null || fail "refuse"
	"$OKNO" --db "$DB" queue take --service registration >/dev/null ||
		fail "queue take"
	as_ivanov queue call >/dev/null || fail "call"

	start_as chief chief-pass1
	wait_for "Главное меню"
	menu_item "Отчёты"
	wait_for "Отказы по основаниям"
	# The ground's whole text, its count on the row of its last words.
	wait_for "Представлен неполный пакет документов"
	screen | grep -qE '^  установленной форме +1$' ||
		fail "the ground is cut or its count is not beside it"
	# The queue's heading (84 characters) goes on over a second row.
	wait_for "Очередь: окно, услуга"
	screen | grep -qE '^    .*\(мин\)$' ||
		fail "the queue's heading is cut"
	# The total's row in step with the windows' (cells, not bytes).
	[ "$(screen | grep -E '^  (3 |Всего ).* [0-9]+\.[0-9]$' |
		while IFS= read -r l; do printf '%s' "$l" | wc -m; done |
		sort -u | wc -l)" -eq 1 ] ||
		fail "the queue's total is out of step with its rows"
	keys Escape 0
	wait_for "Главное меню"
	keys Escape 0
	wait_for "OKNO-EXIT=0"
}
each_term scenario
