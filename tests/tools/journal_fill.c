/* SPDX-License-Identifier: MIT */
/* journal_fill: append N numbered lines to an office's journal in one
 * transaction, for the tests that need a big journal in a second or two
 * (journal_append, which prepares its statements for every line, takes a
 * minute for 100,000). Each line is hashed by core's own journal_json,
 * journal_canonical and chain_hash and linked to the head before it, and
 * numbered on from the book's last number of the year, and the office's
 * head (journal_heads) moved to the last one, so `okno journal verify` and
 * `okno backup` check a chain exactly like the kiosk's and the kiosk
 * appends after it.
 * Usage: journal_fill DB OFFICE-CODE LOGIN N */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "clock.h"
#include "journal.h"
#include "db_sqlite.h"
#include "util.h"

static void
die(const char *what, struct store *s)
{
	fprintf(stderr, "journal_fill: %s: %s\n", what,
		s ? sqlite3_errmsg(s->db) : "");
	exit(1);
}

static long long
scalar(struct store *s, const char *sql, const char *arg, long long office)
{
	sqlite3_stmt *st = store_prepare(s, sql, NULL);
	long long v = 0;

	if (!st)
		die(sql, s);
	if (arg)
		store_bind_text(st, 1, arg);
	else
		sqlite3_bind_int64(st, 1, office);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
main(int argc, char **argv)
{
	struct store *s = NULL;
	struct err e = {0};
	sqlite3_stmt *head, *ins;
	char prev[CHAIN_HEX], hash[CHAIN_HEX], at[STAMP_SIZE];
	long long office, actor, seq = 0, no, n, i;
	int year;

	if (argc != 5 || (n = atoll(argv[4])) <= 0) {
		fprintf(stderr, "usage: journal_fill DB OFFICE-CODE LOGIN N\n");
		return 2;
	}
	if (store_open(argv[1], 0, &s, &e) != ST_OK) {
		fprintf(stderr, "journal_fill: %s\n", e.msg);
		return 1;
	}
	office = scalar(s, "SELECT id FROM offices WHERE code = ?", argv[2], 0);
	actor = scalar(s, "SELECT id FROM accounts WHERE login = ?", argv[3],
		       0);
	if (!office || !actor)
		die("no such office or account", NULL);
	clock_stamp(clock_now(), at);
	year = clock_today().y;
	if (store_begin(s, &e) != ST_OK)
		die(e.msg, NULL);
	snprintf(prev, sizeof prev, "%s", store_genesis(s));
	head = store_prepare(s, "SELECT seq, hash FROM journal WHERE "
			     "office_id = ? ORDER BY seq DESC LIMIT 1", NULL);
	sqlite3_bind_int64(head, 1, office);
	if (sqlite3_step(head) == SQLITE_ROW) {
		seq = sqlite3_column_int64(head, 0);
		snprintf(prev, sizeof prev, "%s", store_col_text(head, 1));
	}
	sqlite3_finalize(head);
	no = scalar(s, "SELECT COALESCE(MAX(no), 0) FROM journal WHERE "
		    "office_id = ? AND book = 'registration'", NULL, office);
	ins = store_prepare(s, "INSERT INTO journal(office_id, seq, book, year,"
			    " no, kind, at, actor_id, content, prev_hash, hash)"
			    " VALUES (?, ?, 'registration', ?, ?, 'accept', ?, "
			    "?, ?, ?, ?)", NULL);
	if (!ins)
		die("prepare", s);
	for (i = 0; i < n; i++) {
		json_t *c = json_object();
		char *content, *canon;

		json_object_set_new(c, "surname", json_string("ИВАНОВ"));
		json_object_set_new(c, "given_names", json_string("ПЁТР"));
		json_object_set_new(c, "citizenship", json_string("UZB"));
		json_object_set_new(c, "doc_number", json_integer(i));
		content = journal_json(c);
		json_decref(c);
		seq++;
		no++;
		canon = journal_canonical(office, seq, "registration", year, no,
					  "accept", 0, 0, at, actor, content);
		chain_hash(prev, canon, hash);
		free(canon);
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, office);
		sqlite3_bind_int64(ins, 2, seq);
		sqlite3_bind_int(ins, 3, year);
		sqlite3_bind_int64(ins, 4, no);
		store_bind_text(ins, 5, at);
		sqlite3_bind_int64(ins, 6, actor);
		store_bind_text(ins, 7, content);
		store_bind_text(ins, 8, prev);
		store_bind_text(ins, 9, hash);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die("insert", s);
		free(content);
		snprintf(prev, sizeof prev, "%s", hash);
	}
	sqlite3_finalize(ins);
	/* The office's chain head, where journal_append takes it from. */
	head = store_prepare(s, "INSERT INTO journal_heads(office_id, seq, "
			     "hash) VALUES (?, ?, ?) ON CONFLICT(office_id) DO "
			     "UPDATE SET seq = excluded.seq, hash = "
			     "excluded.hash", NULL);
	if (!head)
		die("prepare head", s);
	sqlite3_bind_int64(head, 1, office);
	sqlite3_bind_int64(head, 2, seq);
	store_bind_text(head, 3, prev);
	if (sqlite3_step(head) != SQLITE_DONE)
		die("head", s);
	sqlite3_finalize(head);
	if (store_commit(s, &e) != ST_OK)
		die(e.msg, NULL);
	store_close(s);
	return 0;
}
