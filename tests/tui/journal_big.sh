#!/bin/sh
# The journal screen at 1,000,000 lines: it opens on the last page, pages
# back and forth, jumps to a number in the middle and searches by surname
# (keyset pages, never OFFSET; how fast is bench/journal_bench's to
# measure, not a timed test's).
# The million lines are written straight into the journal table with one
# SQL statement (about 5 s), WITHOUT their SHA-256 chain: this database
# serves paging and search only and is never verified (a chained journal
# of that size is bench/'s job). Three of the lines are entries of real
# cases named АХМЕТОВ, for the search. xterm only: the paging does not
# depend on the terminal, and vt100 screens are covered elsewhere.
. tests/tui/lib.inc

N=1000000

scenario() {
	sqlite3 "$DB" >/dev/null <<EOF || fail "bulk insert"
PRAGMA synchronous = OFF;
BEGIN;
INSERT INTO cases(id, office_id, service, state, form_id, form_version,
	data, surname_key, created_by, created_at, updated_at,
	accepted_at, due_date, journal_no, journal_year)
SELECT n, 1, 'registration', 'accepted', 'registration', '1',
	json_object('surname', 'АХМЕТОВ', 'given_names', 'АРМАН ' || n),
	'ахметов', 2, '2026-03-20T10:00:00', '2026-03-20T10:00:00',
	'2026-03-20T10:00:00', '2026-03-23', n * 333333, 2026
FROM (SELECT 1 n UNION ALL SELECT 2 UNION ALL SELECT 3);
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $N)
INSERT INTO journal(office_id, seq, book, year, no, kind, case_id, at,
	actor_id, content, prev_hash, hash)
SELECT 1, i, 'registration', 2026, i, 'accept',
	CASE WHEN i % 333333 = 0 AND i <= 999999 THEN i / 333333 END,
	printf('2026-%02d-%02dT10:00:00', 1 + i / 400000, 1 + i % 28), 2,
	json_object('fields', json_object('surname',
		CASE WHEN i % 333333 = 0 AND i <= 999999
		THEN 'АХМЕТОВ' ELSE 'ФАМИЛИЯ' || i END,
		'given_names', 'ИМЯ', 'citizenship', 'UZB')), '', ''
FROM s;
COMMIT;
EOF
	[ "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM journal')" -eq $N ] ||
		fail "journal size"
	start_as ivanov ivanov-pass1
	wait_for "Главное меню"
	menu_item "Журнал"
	wait_for "Журнал: Журнал учета выдачи пропусков" 3
	keys BTab # the registration book
	wait_for "Журнал: Журнал регистрации иностранцев" 2
	wait_for "1000000 09.03.2026" 1 # the last page, number-keyed
	keys PPage
	wait_for " 999981 " 1
	wait_gone "1000000 " 1
	keys NPage
	wait_for "1000000 " 1
	wait_for "ФАМИЛИЯ1000000 ИМЯ" 1
	keys Escape 7
	wait_for "Номер записи или фамилия:"
	text 500000; keys Enter
	wait_for " 500000 " 1
	wait_for " 500015 " 1 # 16 rows: the training title takes two
	keys NPage
	wait_for " 500019 " 1
	keys PPage; keys PPage
	wait_for " 499990 " 1
	keys Escape 7
	wait_for "Номер записи или фамилия:"
	text 1; keys Enter
	wait_for "      2 03.01.2026" 1
	keys Escape 7
	wait_for "Номер записи или фамилия:"
	text ахм; keys Enter
	wait_for "поиск «ахм», все книги" 1
	wait_for " 333333 " 1
	wait_for " 999999 " 1
	[ "$(screen | grep -c '^[> ] *[0-9]* РГ .*АХМЕТОВ')" -eq 3 ] || fail "three found"
	keys Enter
	wait_for "Дело РГ-333333/2026"
}
TERMS=${TERMS:-xterm} each_term scenario
