/* SPDX-License-Identifier: MIT */
/* bigjournal: grow an okno database to N accepted registration cases and
 * N chained journal lines, for the start-up benchmark. The case rows are
 * inserted with plain SQL (the benchmark's shortcut: no form validation),
 * each journal line through core's journal_append, so numbering and the
 * hash chain are exactly what the kiosk writes and `okno journal verify`
 * holds; all in one transaction (a million lines take seconds, not the
 * hours of one commit per line).
 * Usage: bigjournal DB LOGIN N */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "journal.h"
#include "db_sqlite.h"
#include "util.h"

static void
die(const char *what, const struct err *e)
{
	fprintf(stderr, "bigjournal: %s: %s\n", what, e ? e->msg : "");
	exit(1);
}

static const char *const names[] = {
	"АХМЕДОВ", "КИМ", "ЛИ", "ПАК", "ЮСУПОВ", "РАХИМОВ", "ИСМАИЛОВ",
	"ТУРСУНОВ", "SMITH", "MULLER", "WANG", "YILMAZ", "BONDARENKO",
};

int
main(int argc, char **argv)
{
	struct store *s;
	struct actor a;
	struct err e = {0};
	sqlite3_stmt *ins;
	long long n, i, case_id;

	if (argc != 4 || (n = atoll(argv[3])) <= 0) {
		fprintf(stderr, "usage: bigjournal DB LOGIN N\n");
		return 2;
	}
	if (store_open(argv[1], 0, &s, &e) != ST_OK)
		die("open", &e);
	if (account_actor(s, argv[2], "bench", &a, &e) != ST_OK)
		die("actor", &e);
	if (store_begin(s, &e) != ST_OK)
		die("begin", &e);
	ins = store_prepare(s, "INSERT INTO cases(office_id, service, state, "
			    "form_id, form_version, data, surname_key, docno,"
			    " citizenship, accepted_at, due_date, journal_year,"
			    " created_by, created_at, updated_at) VALUES (?1, "
			    "'registration', 'accepted', 'registration', '1', "
			    "?2, ?3, ?4, 'UZB', '2026-03-20T10:00:00', "
			    "'2026-03-26', 2026, ?5, '2026-03-20T10:00:00', "
			    "'2026-03-20T10:00:00')", &e);
	if (!ins)
		die("prepare", &e);
	for (i = 1; i <= n; i++) {
		struct journal_entry je = {0};
		const char *sur = names[i % (sizeof names / sizeof *names)];
		json_t *f = json_object(), *c = json_object();
		char docno[16], *data, *fold;

		snprintf(docno, sizeof docno, "N%08lld", (i * 7919) % 100000000);
		json_object_set_new(f, "surname", json_string(sur));
		json_object_set_new(f, "given_names", json_string("РУСТАМ"));
		json_object_set_new(f, "birth_date", json_string("1988-05-14"));
		json_object_set_new(f, "citizenship", json_string("UZB"));
		json_object_set_new(f, "doc_number", json_string(docno));
		json_object_set_new(f, "address_stay",
				    json_string("г. Алматы, ул. Абая, д. 10"));
		data = journal_json(f);
		fold = utf8_fold(sur);
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, a.office_id);
		store_bind_text(ins, 2, data);
		store_bind_text(ins, 3, fold);
		store_bind_text(ins, 4, docno);
		sqlite3_bind_int64(ins, 5, a.id);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die("case insert", NULL);
		case_id = sqlite3_last_insert_rowid(s->db);
		json_object_set_new(c, "case", json_integer(case_id));
		json_object_set_new(c, "service", json_string("registration"));
		json_object_set_new(c, "form", json_string("registration"));
		json_object_set(c, "fields", f);
		json_object_set_new(c, "due_date", json_string("2026-03-26"));
		je.office_id = a.office_id;
		je.book = "registration";
		je.numbered = 1;
		je.kind = "accept";
		je.case_id = case_id;
		je.content = c;
		if (journal_append(s, &a, &je, NULL, NULL, NULL, &e) != ST_OK)
			die("append", &e);
		json_decref(c);
		json_decref(f);
		free(data);
		free(fold);
	}
	sqlite3_finalize(ins);
	if (store_commit(s, &e) != ST_OK)
		die("commit", &e);
	store_close(s);
	return 0;
}
