/* SPDX-License-Identifier: MIT */
/* Tests for the office journal: the chain and its verification against
 * lines changed, deleted and inserted behind okno's back, the append-only
 * triggers, seals and day closing, corrections, the year boundary, books,
 * check codes, search, and concurrent appends from several processes. */
#include "harness.h"

#include "calendar.h"
#include "csv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"
#include "clock.h"
#include "journal.h"
#include "office.h"
#include "store.h"

struct fx {
	struct fixture o;
	struct actor insp;    /* inspector, chief and journal operator */
	struct actor records; /* records officer only */
};

static void
exec_ok(struct store *s, const char *sql)
{
	struct err e = {0};

	if (store_exec(s, sql, &e) != ST_OK)
		fail_msg("%s: %s", sql, e.msg);
}

static void
actor_init(struct actor *a, long long id, const char *login,
	   const char *name, unsigned roles, long long office)
{
	memset(a, 0, sizeof *a);
	a->id = id;
	a->roles = roles;
	a->office_id = office;
	snprintf(a->login, sizeof a->login, "%s", login);
	snprintf(a->full_name, sizeof a->full_name, "%s", name);
	snprintf(a->origin, sizeof a->origin, "tty");
}

static int
setup(void **state)
{
	static const struct fixture_spec spec = {
		.now = "2026-03-18T10:00:00", .bare = 1,
	};
	struct fx *f = xcalloc(1, sizeof *f);
	struct errlist errs = {0};
	struct err e = {0};
	char sql[512];

	fixture_open(&f->o, "jr", &spec);
	OK(office_create(f->o.s, NULL, "ALM-01", "УМП г. Алматы", "",
			 "г. Алматы", &e), &e);
	f->o.office = fixture_scalar(f->o.s, "SELECT id FROM offices");
	snprintf(sql, sizeof sql,
		 "INSERT INTO accounts(id, login, full_name, roles, office_id, "
		 "created_at) VALUES (1, 'ivanova', 'Иванова А. Б.', %u, %lld, "
		 "'2026-01-01T09:00:00'), (2, 'petrov', 'Петров В. Г.', %u, "
		 "%lld, '2026-01-01T09:00:00')",
		 (unsigned)(ROLE_INSPECTOR | ROLE_CHIEF | ROLE_OPERATOR),
		 f->o.office, (unsigned)ROLE_RECORDS, f->o.office);
	exec_ok(f->o.s, sql);
	actor_init(&f->insp, 1, "ivanova", "Иванова А. Б.",
		   ROLE_INSPECTOR | ROLE_CHIEF | ROLE_OPERATOR, f->o.office);
	actor_init(&f->records, 2, "petrov", "Петров В. Г.", ROLE_RECORDS,
		   f->o.office);
	if (formset_load(fixture_forms_dir(), &f->o.forms, &errs) != ST_OK)
		fail_msg("forms: %s", errs.n ? errs.v[0].msg : "?");
	errlist_free(&errs);
	cal_use(formset_calendar(f->o.forms));
	*state = f;
	return 0;
}

/* A registration case from the fixture, accepted; surname overrides the
 * fixture's when not NULL. Returns the case id. */
static long long
accept_one(struct store *s, const struct actor *a,
	   const struct formset *forms, const char *surname,
	   const char *docno)
{
	json_t *fields, *docs;
	struct case_new in = {0};
	struct case_act act = {0};
	struct errlist errs = {0};
	struct err e = {0};
	long long id = 0;

	fixture_case("registration", &fields, &docs);
	in.service = "registration";
	in.values = fields;
	in.documents = docs;
	if (surname)
		json_object_set_new(in.values, "surname", json_string(surname));
	if (docno) {
		json_object_set_new(in.values, "doc_number",
				    json_string(docno));
	} else {
		/* Each foreigner its own passport (one registration in force
		 * per document), in each process of test_concurrent too. */
		static int seq;
		char doc[32];

		snprintf(doc, sizeof doc, "J%05d%04d", (int)(getpid() % 100000),
			 ++seq % 10000);
		json_object_set_new(in.values, "doc_number", json_string(doc));
	}
	{
		/* Entered today, registered for a month from today: the
		 * rules check the dates against the day of the act. */
		struct date t = clock_today();
		char d1[11], d2[11];

		date_format_ru(t, d1);
		date_format_ru(date_add_days(t, 30), d2);
		json_object_set_new(in.values, "entry_date", json_string(d1));
		json_object_set_new(in.values, "period_from", json_string(d1));
		json_object_set_new(in.values, "period_to", json_string(d2));
	}
	if (case_create(s, a, forms, &in, &id, &errs) != ST_OK)
		fail_msg("case_create: %s", errs.n ? errs.v[0].msg : "?");
	errlist_free(&errs);
	act.event = EV_ACCEPT;
	if (case_fire(s, a, forms, id, &act, &e) != ST_OK)
		fail_msg("accept: %s", e.msg);
	json_decref(fields);
	json_decref(docs);
	return id;
}

static void
drop_triggers(struct store *s)
{
	/* As in the sqlite3 shell, where foreign keys are off by default. */
	exec_ok(s, "PRAGMA foreign_keys = OFF;"
		   "DROP TRIGGER journal_no_update;"
		   "DROP TRIGGER journal_no_delete;");
}

static enum status
verify(struct fx *f, struct journal_verify *v, struct err *e)
{
	return journal_verify(f->o.s, &f->insp, f->o.office, 0, v, NULL, e);
}

/* n accepted cases, and the journal's triggers dropped to tamper with it
 * as the sqlite3 shell would. */
static void
lines_to_tamper(struct fx *f, int n)
{
	int i;

	for (i = 0; i < n; i++)
		accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	drop_triggers(f->o.s);
}

/* journal_verify finds the chain broken by fault at line bad_seq; its
 * message has each of the strings after bad_seq. */
#define EXPECT_BROKEN(f, fault_, bad_seq_, ...)                           \
	do {                                                              \
		struct journal_verify v_;                                 \
		struct err e_ = {0};                                      \
		assert_int_equal(verify((f), &v_, &e_), ST_CORRUPT);      \
		assert_int_equal(v_.fault, (fault_));                     \
		assert_int_equal(v_.bad_seq, (bad_seq_));                 \
		EXPECT_HAS(e_.msg, __VA_ARGS__);                          \
	} while (0)

/* ---- the chain --------------------------------------------------------- */

static void
test_verify_ok(void **state)
{
	struct fx *f = *state;
	struct journal_verify v;
	struct err e = {0};
	int i;

	assert_int_equal(verify(f, &v, &e), ST_OK);
	assert_int_equal(v.lines, 0);
	for (i = 0; i < 5; i++)
		accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	assert_int_equal(verify(f, &v, &e), ST_OK);
	assert_int_equal(v.lines, 5);
	assert_int_equal(v.head_seq, 5);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT MAX(no) FROM journal"), 5);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT COUNT(*) FROM journal_codes"),
			 5);
	/* The records officer may verify too (case.view). */
	assert_int_equal(journal_verify(f->o.s, &f->records, f->o.office, 2026, &v,
					NULL, &e), ST_OK);
	assert_int_equal(v.lines, 5);
}

static void
test_triggers_refuse(void **state)
{
	struct fx *f = *state;
	struct err e = {0};

	accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	assert_int_not_equal(store_exec(f->o.s, "UPDATE journal SET content = "
					      "'{}' WHERE seq = 1", &e), ST_OK);
	assert_non_null(strstr(e.msg, "append-only"));
	assert_int_not_equal(store_exec(f->o.s, "DELETE FROM journal", &e),
			     ST_OK);
	assert_int_not_equal(store_exec(f->o.s, "DELETE FROM journal_codes",
					&e), ST_OK);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT COUNT(*) FROM journal"), 1);
}

static void
test_line_changed(void **state)
{
	struct fx *f = *state;

	lines_to_tamper(f, 5);
	exec_ok(f->o.s, "UPDATE journal SET content = replace(content, "
		      "'АХМЕДОВ', 'АХМАДОВ') WHERE seq = 3");
	EXPECT_BROKEN(f, JF_CHANGED, 3, "строка 3", "изменена");
}

static void
test_line_deleted(void **state)
{
	struct fx *f = *state;

	lines_to_tamper(f, 5);
	exec_ok(f->o.s, "DELETE FROM journal WHERE seq = 3");
	EXPECT_BROKEN(f, JF_MISSING, 4, "нет строки 3");
	/* The first line of all, too. */
	exec_ok(f->o.s, "DELETE FROM journal WHERE seq = 1");
	EXPECT_BROKEN(f, JF_MISSING, 2, "нет строки 1");
}

static void
test_line_inserted(void **state)
{
	struct fx *f = *state;
	char prev[CHAIN_HEX], hash[CHAIN_HEX], sql[1024], *canon;
	sqlite3_stmt *st;

	lines_to_tamper(f, 5);
	/* Make room after line 2 and forge a well-hashed line there. */
	exec_ok(f->o.s, "UPDATE journal SET seq = seq + 1000 WHERE seq >= 3;"
		      "UPDATE journal SET seq = seq - 999 WHERE seq > 1000");
	st = store_prepare(f->o.s, "SELECT hash FROM journal WHERE seq = 2", NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(prev, sizeof prev, "%s", store_col_text(st, 0));
	sqlite3_finalize(st);
	canon = journal_canonical(f->o.office, 3, "registration", 2026, 0,
				  "hand-out", 0, 0, "2026-03-18T10:00:00", 1,
				  "{\"recipient\":\"X\"}");
	chain_hash(prev, canon, hash);
	free(canon);
	snprintf(sql, sizeof sql,
		 "INSERT INTO journal(office_id, seq, book, year, no, kind, at,"
		 " actor_id, content, prev_hash, hash) VALUES (%lld, 3, "
		 "'registration', 2026, NULL, 'hand-out', "
		 "'2026-03-18T10:00:00', 1, '{\"recipient\":\"X\"}', '%s', "
		 "'%s')", f->o.office, prev, hash);
	exec_ok(f->o.s, sql);
	EXPECT_BROKEN(f, JF_INSERTED, 3, "строка 3", "вставлена");
}

static void
test_seal_and_truncation(void **state)
{
	struct fx *f = *state;
	struct journal_verify v;
	struct journal_seal seal;
	struct journal_day day;
	struct err e = {0};
	char full[80];
	int i;

	for (i = 0; i < 3; i++)
		accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	assert_int_equal(journal_seal(f->o.s, &f->insp, f->o.office, &seal, &e),
			 ST_OK);
	assert_int_equal(seal.count, 3);
	assert_int_equal(strlen(seal.short_form), 18);
	for (i = 0; i < 2; i++)
		accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	assert_int_equal(journal_close_day(f->o.s, &f->insp, f->o.office, NULL,
					   &day, NULL, &e), ST_OK);
	assert_int_equal(day.lines, 5);
	assert_int_equal(day.entries, 5);
	assert_int_equal(day.head_seq, 5);
	assert_int_equal(day.seq, 6);
	assert_int_equal(journal_verify_against(f->o.s, &f->insp, f->o.office,
						seal.short_form, &v, NULL, &e),
			 ST_OK);
	snprintf(full, sizeof full, "%s", seal.head);
	assert_int_equal(journal_verify_against(f->o.s, &f->insp, f->o.office,
						full, &v, NULL, &e), ST_OK);
	assert_int_equal(v.bad_seq, 3);
	assert_int_equal(journal_verify_against(f->o.s, &f->insp, f->o.office,
						"xyz", &v, NULL, &e),
			 ST_INVALID);

	/* Cut the journal back to two lines: the chain still holds... */
	drop_triggers(f->o.s);
	exec_ok(f->o.s, "DELETE FROM journal WHERE seq > 2");
	assert_int_equal(verify(f, &v, &e), ST_OK);
	/* ...but the seal catches it. */
	assert_int_equal(journal_verify_against(f->o.s, &f->insp, f->o.office,
						seal.short_form, &v, NULL, &e),
			 ST_CORRUPT);
	assert_int_equal(v.fault, JF_SEAL);
	assert_non_null(strstr(e.msg, "отрезан"));
}

static void
test_close_day_rules(void **state)
{
	struct fx *f = *state;
	struct journal_day day;
	struct err e = {0};

	assert_int_equal(journal_close_day(f->o.s, &f->records, f->o.office, NULL,
					   &day, NULL, &e), ST_DENIED);
	assert_int_equal(journal_close_day(f->o.s, &f->insp, f->o.office,
					   "2026-03-19", &day, NULL, &e), ST_INVALID);
	assert_int_equal(journal_close_day(f->o.s, &f->insp, f->o.office,
					   "17.03.2026", &day, NULL, &e), ST_OK);
	assert_int_equal(day.lines, 0);
	assert_int_equal(day.repeated, 0);
	assert_int_equal(journal_close_day(f->o.s, &f->insp, f->o.office,
					   "2026-03-17", &day, NULL, &e), ST_OK);
	assert_int_equal(day.repeated, 1);
}

/* Recompute every hash from the first line on, as someone who knows the
 * chain's rule would after editing a line. */
static void
rechain(struct store *s)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT id, office_id, seq, book, "
					    "year, COALESCE(no,0), kind, "
					    "COALESCE(case_id,0), "
					    "COALESCE(corrects,0), at, actor_id, "
					    "content FROM journal ORDER BY seq",
					 NULL);
	char prev[CHAIN_HEX], hash[CHAIN_HEX], sql[9000];
	long long ids[64];
	char hashes[64][CHAIN_HEX], prevs[64][CHAIN_HEX];
	int n = 0, i;

	snprintf(prev, sizeof prev, "%s", store_genesis(s));
	while (sqlite3_step(st) == SQLITE_ROW && n < 64) {
		char *canon = journal_canonical(
			sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
			store_col_text(st, 3), sqlite3_column_int(st, 4),
			sqlite3_column_int64(st, 5), store_col_text(st, 6),
			sqlite3_column_int64(st, 7), sqlite3_column_int64(st, 8),
			store_col_text(st, 9), sqlite3_column_int64(st, 10),
			store_col_text(st, 11));

		chain_hash(prev, canon, hash);
		free(canon);
		ids[n] = sqlite3_column_int64(st, 0);
		snprintf(prevs[n], CHAIN_HEX, "%s", prev);
		snprintf(hashes[n], CHAIN_HEX, "%s", hash);
		snprintf(prev, sizeof prev, "%s", hash);
		n++;
	}
	sqlite3_finalize(st);
	for (i = 0; i < n; i++) {
		snprintf(sql, sizeof sql, "UPDATE journal SET prev_hash = '%s', "
			 "hash = '%s' WHERE id = %lld", prevs[i], hashes[i],
			 ids[i]);
		exec_ok(s, sql);
	}
}

static void
test_rewritten_chain(void **state)
{
	struct fx *f = *state;
	struct journal_verify v;
	struct journal_day day;
	struct journal_seal seal;
	struct err e = {0};

	accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	assert_int_equal(journal_close_day(f->o.s, &f->insp, f->o.office, NULL,
					   &day, NULL, &e), ST_OK);
	setenv("OKNO_NOW", "2026-03-19T09:00:00", 1); /* the next day */
	accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	assert_int_equal(journal_seal(f->o.s, &f->insp, f->o.office, &seal, &e),
			 ST_OK);
	drop_triggers(f->o.s);
	exec_ok(f->o.s, "UPDATE journal SET content = replace(content, "
		      "'АХМЕДОВ', 'АХМАДОВ') WHERE seq = 1");
	rechain(f->o.s);
	/* The day's closing line still names the old head. */
	assert_int_equal(verify(f, &v, &e), ST_CORRUPT);
	assert_int_equal(v.bad_seq, 3);
	assert_non_null(strstr(e.msg, "переписаны"));
	/* And the seal written on paper no longer matches. */
	assert_int_equal(journal_verify_against(f->o.s, &f->insp, f->o.office,
						seal.short_form, &v, NULL, &e),
			 ST_CORRUPT);
}

/* ---- corrections ------------------------------------------------------- */

static void
test_correction(void **state)
{
	struct fx *f = *state;
	struct journal_filter flt = {0};
	struct journal_line *l;
	struct journal_verify v;
	struct case_rec c;
	struct err e = {0};
	long long id, accept_line;
	size_t n;

	id = accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	accept_line = fixture_scalar(f->o.s, "SELECT id FROM journal WHERE kind = "
				   "'accept'");
	assert_int_equal(case_correct(f->o.s, &f->records, f->o.forms, id,
				      "surname", "АХМАДОВ", "опечатка", &e),
			 ST_DENIED);
	assert_int_equal(case_correct(f->o.s, &f->insp, f->o.forms, id, "surname",
				      "АХМАДОВ", "", &e), ST_INVALID);
	assert_int_equal(case_correct(f->o.s, &f->insp, f->o.forms, id, "nope",
				      "x", "опечатка", &e), ST_INVALID);
	assert_int_equal(case_correct(f->o.s, &f->insp, f->o.forms, id,
				      "birth_date", "32.13.1988", "опечатка",
				      &e), ST_INVALID);
	assert_string_equal(e.field, "birth_date");
	assert_int_equal(case_correct(f->o.s, &f->insp, f->o.forms, id, "surname",
				      "АХМЕДОВ", "опечатка", &e), ST_INVALID);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT COUNT(*) FROM journal"), 1);

	assert_int_equal(case_correct(f->o.s, &f->insp, f->o.forms, id, "surname",
				      "Ахмадов", "опечатка в фамилии", &e),
			 ST_OK);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT COUNT(*) FROM journal WHERE "
				      "kind = 'correction' AND no IS NULL"), 1);
	{
		char sql[200];

		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM journal WHERE "
			 "corrects = %lld AND json_extract(content, '$.old') = "
			 "'АХМЕДОВ' AND json_extract(content, '$.reason') = "
			 "'опечатка в фамилии'", accept_line);
		assert_int_equal(fixture_scalar(f->o.s, sql), 1);
	}
	assert_int_equal(fixture_scalar(f->o.s, "SELECT COUNT(*) FROM case_events WHERE "
				      "event = 'correct'"), 1);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT COUNT(*) FROM audit WHERE "
				      "action = 'case.correct'"), 1);
	assert_int_equal(case_get(f->o.s, &f->insp, id, &c, &e), ST_OK);
	assert_string_equal(json_string_value(json_object_get(c.data,
							      "surname")),
			    "Ахмадов");
	case_rec_free(&c);

	/* The listing: the entry marked corrected, its correction beside. */
	flt.with_related = 1;
	assert_int_equal(journal_list(f->o.s, &f->insp, f->o.office, &flt, &l, &n,
				      &e), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].id, accept_line);
	assert_int_equal(l[0].corrected_by, l[1].id);
	assert_string_equal(l[1].kind, "correction");
	assert_int_equal(l[1].depth, 1);
	journal_lines_free(l, n);

	/* Found under the new surname, any case. */
	flt.surname = "ахмад";
	assert_int_equal(journal_list(f->o.s, &f->insp, f->o.office, &flt, &l, &n,
				      &e), ST_OK);
	assert_int_equal(n, 2);
	journal_lines_free(l, n);
	assert_int_equal(verify(f, &v, &e), ST_OK);
}

/* ---- the year boundary ------------------------------------------------- */

static void
test_year_boundary(void **state)
{
	struct fx *f = *state;
	struct journal_verify v;
	struct err e = {0};

	setenv("OKNO_NOW", "2026-12-31T17:00:00", 1);
	accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	setenv("OKNO_NOW", "2027-01-04T09:00:00", 1);
	accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT COUNT(*) FROM journal WHERE "
				      "year = 2026 AND no IN (1, 2)"), 2);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT no FROM journal WHERE "
				      "year = 2027"), 1);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT journal_year FROM cases "
				      "ORDER BY id DESC LIMIT 1"), 2027);
	assert_int_equal(verify(f, &v, &e), ST_OK);
	assert_int_equal(journal_verify(f->o.s, &f->insp, f->o.office, 2027, &v,
					NULL, &e), ST_OK);
	assert_int_equal(v.lines, 1);
	assert_int_equal(journal_verify(f->o.s, &f->insp, f->o.office, 2026, &v,
					NULL, &e), ST_OK);
	assert_int_equal(v.lines, 2);
	setenv("OKNO_NOW", "2026-03-18T10:00:00", 1);
}

/* ---- books ------------------------------------------------------------- */

static void
test_books(void **state)
{
	struct fx *f = *state;
	struct journal_book b, *list;
	struct err e = {0};
	size_t n;

	assert_int_equal(journal_book_open(f->o.s, &f->insp, f->o.office,
					   "registration", 100, &b, &e), ST_OK);
	assert_int_equal(b.number, 1);
	assert_int_equal(b.first_no, 1);
	free(b.certificate);
	assert_int_equal(journal_book_open(f->o.s, &f->insp, f->o.office,
					   "registration", 100, &b, &e),
			 ST_CONFLICT);
	assert_int_equal(journal_book_open(f->o.s, &f->insp, f->o.office, "nope",
					   100, &b, &e), ST_INVALID);
	accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	assert_int_equal(journal_book_close(f->o.s, &f->insp, f->o.office,
					    "registration", 0, &b, &e), ST_OK);
	assert_int_equal(b.entries, 3);
	assert_int_equal(b.last_no, 3);
	assert_non_null(strstr(b.certificate, "Пронумеровано и прошнуровано 100 листов, записей 3 (№ 1/2026 – 3/2026)"));
	free(b.certificate);
	assert_int_equal(journal_book_close(f->o.s, &f->insp, f->o.office,
					    "registration", 0, &b, &e),
			 ST_NOTFOUND);
	assert_int_equal(journal_book_open(f->o.s, &f->insp, f->o.office,
					   "registration", 0, &b, &e), ST_OK);
	assert_int_equal(b.number, 2);
	assert_int_equal(b.first_no, 4);
	free(b.certificate);
	assert_int_equal(journal_book_close(f->o.s, &f->insp, f->o.office,
					    "registration", 0, &b, &e),
			 ST_INVALID);
	assert_int_equal(journal_book_list(f->o.s, &f->insp, f->o.office, &list,
					   &n, &e), ST_OK);
	assert_int_equal(n, 2);
	journal_books_free(list, n);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT COUNT(*) FROM journal WHERE kind "
				      "IN ('book-open', 'book-close')"), 3);
}

/* ---- check codes ------------------------------------------------------- */

static void
test_check_codes(void **state)
{
	struct fx *f = *state;
	struct journal_check chk;
	struct err e = {0};
	char code[JOURNAL_CODE_SIZE], norm[JOURNAL_CODE_SIZE], typo[16];
	long long id, line;
	int i;

	id = accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	assert_int_equal(journal_case_code(f->o.s, id, "accept", code, &line,
					   &e), ST_OK);
	assert_int_equal(strlen(code), 11);
	assert_int_equal(code[5], '-');
	assert_int_equal(journal_code_normalise(code, norm), 0);
	assert_string_equal(code, norm);
	/* Lower case, no dash, O for 0 all read back. */
	for (i = 0; code[i]; i++)
		typo[i] = code[i] == '0' ? 'o' : (char)tolower(code[i]);
	typo[i] = '\0';
	assert_int_equal(journal_code_normalise(typo, norm), 0);
	assert_string_equal(code, norm);
	/* One mistyped digit is caught by the check digit. */
	snprintf(typo, sizeof typo, "%s", code);
	typo[2] = typo[2] == 'A' ? 'B' : 'A';
	assert_int_equal(journal_code_normalise(typo, norm), -1);
	/* Two neighbours swapped, too (when they differ). */
	snprintf(typo, sizeof typo, "%s", code);
	if (typo[0] != typo[1]) {
		char t = typo[0];

		typo[0] = typo[1];
		typo[1] = t;
		assert_int_equal(journal_code_normalise(typo, norm), -1);
	}

	assert_int_equal(journal_check_document(f->o.s, &f->insp, code, &chk,
						&e), ST_OK);
	assert_int_equal(chk.line.id, line);
	assert_string_equal(chk.person, "АХМЕДОВ РУСТАМ");
	assert_string_equal(chk.ref, "1/2026");
	assert_int_equal(chk.intact, 1);
	assert_int_equal(chk.corrected, 0);
	journal_check_free(&chk);

	assert_int_equal(case_correct(f->o.s, &f->insp, f->o.forms, id, "surname",
				      "АХМАДОВ", "опечатка", &e), ST_OK);
	assert_int_equal(journal_check_document(f->o.s, &f->insp, code, &chk,
						&e), ST_OK);
	assert_int_equal(chk.corrected, 1);
	assert_int_equal(chk.nlater, 1);
	journal_check_free(&chk);
	assert_int_equal(journal_check_document(f->o.s, &f->insp, "00000-00000",
						&chk, &e), ST_NOTFOUND);
	assert_int_equal(journal_check_document(f->o.s, &f->insp, "12", &chk,
						&e), ST_INVALID);

	/* A database older than the codes table: its first lines have no
	 * code row, and are found by their hash (the lines after keep
	 * theirs). */
	accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	exec_ok(f->o.s, "DROP TRIGGER journal_codes_no_delete");
	exec_ok(f->o.s, "DELETE FROM journal_codes WHERE line_id = "
		"(SELECT min(id) FROM journal)");
	assert_int_equal(fixture_scalar(f->o.s, "SELECT min(line_id) > "
					"(SELECT min(id) FROM journal) FROM "
					"journal_codes"), 1);
	assert_int_equal(journal_check_document(f->o.s, &f->insp, code, &chk,
						&e), ST_OK);
	assert_int_equal(chk.line.id, line);
	journal_check_free(&chk);
	assert_int_equal(journal_check_document(f->o.s, &f->insp, "00000-00000",
						&chk, &e), ST_NOTFOUND);
}

/* ---- search ------------------------------------------------------------ */

static void
test_search(void **state)
{
	struct fx *f = *state;
	struct journal_filter flt = {0};
	struct journal_line *l;
	struct err e = {0};
	size_t n;

	accept_one(f->o.s, &f->insp, f->o.forms, NULL, NULL);
	accept_one(f->o.s, &f->insp, f->o.forms, "SMITH", "AB1234567");
	accept_one(f->o.s, &f->insp, f->o.forms, "Ёлкина", NULL);
	flt.surname = "smi";
	assert_int_equal(journal_list(f->o.s, &f->insp, f->o.office, &flt, &l, &n,
				      &e), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].no, 2);
	journal_lines_free(l, n);
	flt.surname = "ЕЛК";
	assert_int_equal(journal_list(f->o.s, &f->insp, f->o.office, &flt, &l, &n,
				      &e), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].no, 3);
	journal_lines_free(l, n);
	memset(&flt, 0, sizeof flt);
	flt.docno = "ab 1234567";
	assert_int_equal(journal_list(f->o.s, &f->insp, f->o.office, &flt, &l, &n,
				      &e), ST_OK);
	assert_int_equal(n, 1);
	journal_lines_free(l, n);
	memset(&flt, 0, sizeof flt);
	flt.no_from = 2;
	flt.no_to = 3;
	flt.citizenship = "UZB";
	flt.state = "accepted";
	flt.date_from = "18.03.2026";
	flt.date_to = "2026-03-18";
	assert_int_equal(journal_list(f->o.s, &f->insp, f->o.office, &flt, &l, &n,
				      &e), ST_OK);
	assert_int_equal(n, 2);
	journal_lines_free(l, n);
	memset(&flt, 0, sizeof flt);
	flt.limit = 2;
	flt.last = 1;
	assert_int_equal(journal_list(f->o.s, &f->insp, f->o.office, &flt, &l, &n,
				      &e), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].no, 2);
	assert_int_equal(l[1].no, 3);
	journal_lines_free(l, n);
	flt.date_from = "2026-13-01";
	assert_int_equal(journal_list(f->o.s, &f->insp, f->o.office, &flt, &l, &n,
				      &e), ST_INVALID);
}

/* ---- CSV ---------------------------------------------------------------- */

static void
test_csv(void **state)
{
	struct strbuf b = {0};
	json_t *a = json_pack("[sssssss]", "plain", "a,b", "say \"hi\"",
			      "=SUM(A1)", "-1+2", "two\nlines", "@cmd");

	(void)state;
	csv_record(&b, a);
	assert_string_equal(b.s, "plain,\"a,b\",\"say \"\"hi\"\"\",\"'=SUM(A1)\","
				 "\"'-1+2\",\"two\nlines\",\"'@cmd\"\r\n");
	json_decref(a);
	sb_free(&b);
}

/* ---- several processes ------------------------------------------------- */

#define CHILDREN 4
#define PER_CHILD 50

/* One window: PER_CHILD registrations accepted, on its own connection. */
static int
accept_many(int i, void *arg)
{
	struct fx *f = arg;
	struct store *s;
	struct err e = {0};
	int k;

	(void)i;
	if (store_open(f->o.path, 0, &s, &e) != ST_OK)
		return 10;
	for (k = 0; k < PER_CHILD; k++)
		accept_one(s, &f->insp, f->o.forms, NULL, NULL);
	store_close(s);
	return 0;
}

static void
test_concurrent(void **state)
{
	struct fx *f = *state;
	struct journal_verify v;
	struct err e = {0};

	store_close(f->o.s);
	f->o.s = NULL;
	fixture_run_children(CHILDREN, accept_many, f);
	assert_int_equal(store_open(f->o.path, 0, &f->o.s, &e), ST_OK);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT COUNT(*) FROM journal"),
			 CHILDREN * PER_CHILD);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT COUNT(DISTINCT no) FROM journal"),
			 CHILDREN * PER_CHILD);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT MIN(no) FROM journal"), 1);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT MAX(no) FROM journal"),
			 CHILDREN * PER_CHILD);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT COUNT(DISTINCT journal_no) FROM "
				      "cases"), CHILDREN * PER_CHILD);
	assert_int_equal(verify(f, &v, &e), ST_OK);
	assert_int_equal(v.lines, CHILDREN * PER_CHILD);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FIXTURE_TEST(test_verify_ok, setup),
		FIXTURE_TEST(test_triggers_refuse, setup),
		FIXTURE_TEST(test_line_changed, setup),
		FIXTURE_TEST(test_line_deleted, setup),
		FIXTURE_TEST(test_line_inserted, setup),
		FIXTURE_TEST(test_seal_and_truncation, setup),
		FIXTURE_TEST(test_close_day_rules, setup),
		FIXTURE_TEST(test_rewritten_chain, setup),
		FIXTURE_TEST(test_correction, setup),
		FIXTURE_TEST(test_year_boundary, setup),
		FIXTURE_TEST(test_books, setup),
		FIXTURE_TEST(test_check_codes, setup),
		FIXTURE_TEST(test_search, setup),
		cmocka_unit_test(test_csv),
		FIXTURE_TEST(test_concurrent, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
