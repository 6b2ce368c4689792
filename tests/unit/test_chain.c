/* SPDX-License-Identifier: MIT */
/* The journal's guarantees on both engines, SQLite and PostgreSQL:
 * numbers per office, book and year without a gap or a duplicate and a
 * linear chain per office while several processes append at once; a line
 * changed or removed behind okno's back (by the schema's owner, triggers
 * disabled) found by journal verify naming the line; a stamp hashed as
 * written whatever time zone reads it back; lookups by check code and
 * by date the same on both; on PostgreSQL, an office's audit chain
 * written while another office's writer holds its transaction open. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "clock.h"
#include "dbtest.h"
#include "harness.h"
#include "journal.h"
#include "util.h"

static const enum db_engine sqlite_engine = DB_SQLITE, pg_engine = DB_POSTGRES;

struct fx {
	struct dbtest t;
	struct store *s;     /* as the windows' role */
	struct store *owner; /* as the schema's owner */
	struct actor insp;   /* office 1 */
	struct actor insp2;  /* office 2 */
	struct err e;
};

#define DOK(call) OK(call, &f->e)

static void
actor_init(struct actor *a, long long id, long long office)
{
	memset(a, 0, sizeof *a);
	a->id = id;
	a->office_id = office;
	a->region_id = 1;
	a->roles = ROLE_INSPECTOR | ROLE_CHIEF | ROLE_OPERATOR | ROLE_AUDITOR;
	snprintf(a->login, sizeof a->login, "insp%lld", id);
	snprintf(a->full_name, sizeof a->full_name, "Инспектор %lld", id);
	snprintf(a->origin, sizeof a->origin, "test");
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	enum db_engine engine = *(const enum db_engine *)*state;
	struct store *o;

	setenv("TZ", "Asia/Almaty", 1);
	if (dbtest_create(&f->t, engine, &f->e) != ST_OK)
		fail_msg("create database: %s", f->e.msg);
	if (db_open(f->t.owner, 0, &f->owner, &f->e) != ST_OK ||
	    db_open(f->t.name, 0, &f->s, &f->e) != ST_OK)
		fail_msg("open %s: %s", f->t.name, f->e.msg);
	o = f->owner;
	DOK(db_exec(o, &f->e, "INSERT INTO regions(id, code, name) VALUES "
		    "(1, 'R1', 'ДП г. Алматы')"));
	DOK(db_exec(o, &f->e, "INSERT INTO offices(id, code, name, region_id) "
		    "VALUES (1, 'ALM-01', 'Медеуский РУП', 1), (2, 'ALM-02', "
		    "'Бостандыкский РУП', 1)"));
	DOK(db_exec(o, &f->e, "INSERT INTO accounts(id, login, full_name, "
		    "roles, office_id, created_at) VALUES (1, 'insp1', "
		    "'Инспектор 1', 1, 1, ?), (2, 'insp2', 'Инспектор 2', 1, 2, "
		    "?)", DB_TEXT("2026-03-20T09:00:00"),
		    DB_TEXT("2026-03-20T09:00:00")));
	actor_init(&f->insp, 1, 1);
	actor_init(&f->insp2, 2, 2);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->s);
	db_close(f->owner);
	dbtest_drop(&f->t);
	free(f);
	return 0;
}

struct add {
	const struct actor *a;
	const char *book, *kind;
	int numbered;
	long long id;
	int no, year;
};

static enum status
add_tx(struct store *s, void *arg, struct err *e)
{
	struct add *ad = arg;
	struct journal_entry je = {0};
	json_t *c = json_pack("{s:s, s:i}", "who", ad->a->login, "pid",
			      (int)getpid());
	enum status ret;

	je.office_id = ad->a->office_id;
	je.book = ad->book;
	je.kind = ad->kind;
	je.numbered = ad->numbered;
	je.content = c;
	ret = journal_append(s, ad->a, &je, &ad->id, &ad->no, &ad->year, e);
	json_decref(c);
	return ret;
}

/* One line in its own retried transaction, as an act of a window. */
static enum status
add_line(struct store *s, const struct actor *a, const char *book,
	 int numbered, struct add *out, struct err *e)
{
	struct add ad = {a, book, numbered ? "accept" : "note", numbered, 0,
			 0, 0};
	enum status ret = db_transact(s, DB_WRITE, add_tx, &ad, e);

	if (out)
		*out = ad;
	return ret;
}

/* journal_verify of office 1 finds the chain broken by fault at line
 * bad_seq (its message in f->e). */
static void
expect_broken(struct fx *f, enum journal_fault fault, long long bad_seq)
{
	struct journal_verify v;

	assert_int_equal(journal_verify(f->s, &f->insp, 1, 0, &v, NULL, &f->e),
			 ST_CORRUPT);
	assert_int_equal(v.fault, fault);
	assert_int_equal(v.bad_seq, bad_seq);
}

static void
test_append_verify(void **state)
{
	struct fx *f = *state;
	struct journal_verify v;
	struct journal_check chk;
	struct add ad;
	char code[JOURNAL_CODE_SIZE];
	int i;

	for (i = 1; i <= 4; i++) {
		DOK(add_line(f->s, &f->insp, "registration", 1, &ad, &f->e));
		assert_int_equal(ad.no, i);
		assert_int_equal(ad.year, clock_today().y);
	}
	DOK(add_line(f->s, &f->insp, "registration", 0, &ad, &f->e));
	assert_int_equal(ad.no, 0);
	DOK(add_line(f->s, &f->insp, "invitation", 1, &ad, &f->e));
	assert_int_equal(ad.no, 1); /* each book counts on its own */
	DOK(add_line(f->s, &f->insp2, "registration", 1, &ad, &f->e));
	assert_int_equal(ad.no, 1); /* and each office */

	DOK(journal_verify(f->s, &f->insp, 1, 0, &v, NULL, &f->e));
	assert_int_equal(v.lines, 6);
	assert_int_equal(v.head_seq, 6);
	DOK(journal_verify(f->s, &f->insp, 1, clock_today().y, &v, NULL,
			   &f->e));
	assert_int_equal(v.lines, 6);
	DOK(journal_verify(f->s, &f->insp2, 2, 0, &v, NULL, &f->e));
	assert_int_equal(v.lines, 1);

	/* The head row follows the last line. */
	assert_int_equal(db_int(f->s, -1, "SELECT seq FROM journal_heads "
				"WHERE office_id = 1"), 6);
	assert_int_equal(db_exists(f->s, &f->e, "SELECT 1 FROM journal_heads h"
				   " JOIN journal j ON j.office_id = h.office_id"
				   " AND j.seq = h.seq AND j.hash = h.hash"),
			 1);

	/* A printed code finds its line, intact, with its office. */
	journal_check_code(v.head, code);
	DOK(journal_check_document(f->s, &f->insp, code, &chk, &f->e));
	assert_int_equal(chk.line.office_id, 2);
	assert_true(chk.intact);
	assert_string_equal(chk.office_name, "Бостандыкский РУП");
	journal_check_free(&chk);
}

/* Lines of today by date, and of no other day, on both engines: a day's
 * bounds select stamps whether they are text or timestamptz. */
static void
test_list_by_day(void **state)
{
	struct fx *f = *state;
	struct journal_filter jf = {0};
	struct journal_line *l = NULL;
	struct date today = clock_today();
	char d0[11], d1[11];
	size_t n = 0;
	int i;

	for (i = 0; i < 3; i++)
		DOK(add_line(f->s, &f->insp, "registration", 1, NULL, &f->e));
	date_format_iso(today, d0);
	date_format_iso(date_add_days(today, 1), d1);
	jf.date_from = d0;
	jf.date_to = d0;
	jf.book = "registration";
	DOK(journal_list(f->s, &f->insp, 1, &jf, &l, &n, &f->e));
	assert_int_equal(n, 3);
	assert_int_equal(l[0].no, 1);
	assert_int_equal(l[2].no, 3);
	journal_lines_free(l, n);
	jf.date_from = d1;
	jf.date_to = d1;
	DOK(journal_list(f->s, &f->insp, 1, &jf, &l, &n, &f->e));
	assert_int_equal(n, 0);
	journal_lines_free(l, n);
}

/* Windows of two offices on several servers (processes with their own
 * connections) accept at once: every office's numbers run 1..N without a
 * gap or a duplicate, its chain is linear and verifies, no window ever
 * saw a serialization failure. */
enum { APPEND_PROCS = 6, APPEND_EACH = 15 };

/* Window i (an inspector of office 1 or 2 by turns) appends APPEND_EACH
 * lines, every fourth of them unnumbered. */
static int
append_window(int i, void *arg)
{
	struct fx *f = arg;
	struct store *s;
	struct err e;
	int k, bad = 0;

	if (db_open(f->t.name, 0, &s, &e) != ST_OK)
		return 3;
	for (k = 0; k < APPEND_EACH; k++)
		if (add_line(s, i % 2 ? &f->insp2 : &f->insp, "registration",
			     k % 4 != 3, NULL, &e) != ST_OK) {
			fprintf(stderr, "window %d: %s\n", i, e.msg);
			bad = 1;
		}
	db_close(s);
	return bad;
}

static void
test_concurrent_appends(void **state)
{
	struct fx *f = *state;
	enum { PROCS = APPEND_PROCS, EACH = APPEND_EACH };
	struct journal_verify v;
	int office;

	fixture_run_children(PROCS, append_window, f);
	for (office = 1; office <= 2; office++) {
		int64_t lines = PROCS / 2 * EACH, numbered = PROCS / 2 * (EACH - EACH / 4);

		assert_int_equal(db_int(f->s, -1, "SELECT count(*) FROM journal "
					"WHERE office_id = ?", DB_INT(office)),
				 lines);
		/* seq 1..lines and no 1..numbered, each once */
		assert_int_equal(db_int(f->s, -1, "SELECT count(DISTINCT seq) "
					"FROM journal WHERE office_id = ? AND "
					"seq BETWEEN 1 AND ?", DB_INT(office),
					DB_INT(lines)),
				 lines);
		assert_int_equal(db_int(f->s, -1, "SELECT count(DISTINCT no) "
					"FROM journal WHERE office_id = ? AND "
					"no BETWEEN 1 AND ?", DB_INT(office),
					DB_INT(numbered)),
				 numbered);
		assert_int_equal(db_int(f->s, -1, "SELECT count(no) FROM "
					"journal WHERE office_id = ?",
					DB_INT(office)),
				 numbered);
		DOK(journal_verify(f->s, office == 1 ? &f->insp : &f->insp2,
				   office, 0, &v, NULL, &f->e));
		assert_int_equal(v.lines, lines);
	}
}

/* The owner's own powers: the append-only triggers off, a line's content
 * changed, then a line removed. journal verify names the line. */
static void
test_tamper(void **state)
{
	struct fx *f = *state;
	struct journal_verify v;
	int i;

	for (i = 0; i < 5; i++)
		DOK(add_line(f->s, &f->insp, "registration", 1, NULL, &f->e));
	DOK(journal_verify(f->s, &f->insp, 1, 0, &v, NULL, &f->e));
	if (f->t.engine == DB_POSTGRES)
		DOK(db_script(f->owner, "ALTER TABLE journal DISABLE TRIGGER "
			      "USER; ALTER TABLE journal_codes DISABLE TRIGGER "
			      "USER", &f->e));
	else
		DOK(db_script(f->owner, "DROP TRIGGER journal_no_update;"
			      "DROP TRIGGER journal_no_delete;"
			      "DROP TRIGGER journal_codes_no_delete", &f->e));

	DOK(db_exec(f->owner, &f->e, "UPDATE journal SET content = "
		    "replace(content, 'insp1', 'insp9') WHERE office_id = 1 AND "
		    "seq = 3"));
	expect_broken(f, JF_CHANGED, 3);
	EXPECT_HAS(f->e.msg, "строка 3 (запись № 3/", "изменена");
	DOK(db_exec(f->owner, &f->e, "UPDATE journal SET content = "
		    "replace(content, 'insp9', 'insp1') WHERE office_id = 1 AND "
		    "seq = 3"));
	DOK(journal_verify(f->s, &f->insp, 1, 0, &v, NULL, &f->e));

	DOK(db_exec(f->owner, &f->e, "DELETE FROM journal_codes WHERE line_id ="
		    " (SELECT id FROM journal WHERE office_id = 1 AND seq = 2)"));
	DOK(db_exec(f->owner, &f->e, "DELETE FROM journal WHERE office_id = 1 "
		    "AND seq = 2"));
	expect_broken(f, JF_MISSING, 3);
	EXPECT_HAS(f->e.msg, "нет строки 2 (удалена)");
}

/* The journal's one line reads its stamp back as pg (PostgreSQL) or
 * sqlite (SQLite). */
static void
expect_at(struct fx *f, const char *pg, const char *sqlite)
{
	char *at = NULL;

	DOK(db_text(f->s, &f->e, &at, NULL, "SELECT at FROM journal"));
	assert_string_equal(at, f->t.engine == DB_POSTGRES ? pg : sqlite);
	free(at);
}

/* A line's stamp is hashed as written. An older line's stamp has no
 * offset; PostgreSQL shows a timestamptz in the reader's zone, so the
 * chain reads the stamp kept as hashed, and a region's database read
 * from another zone verifies the same. */
static void
test_stamp_as_hashed(void **state)
{
	struct fx *f = *state;
	struct journal_verify v;
	char *canon, hash[CHAIN_HEX];
	static const char stamp[] = "2026-03-20T10:00:00";

	canon = journal_canonical(1, 1, "registration", 2026, 1, "accept", 0,
				  0, stamp, 1, "{}");
	chain_hash(chain_genesis, canon, hash);
	free(canon);
	DOK(db_exec(f->s, &f->e, "INSERT INTO journal(office_id, seq, book, "
		    "year, no, kind, at, actor_id, content, prev_hash, hash, "
		    "stamp) VALUES (1, 1, 'registration', 2026, 1, 'accept', ?,"
		    " 1, '{}', ?, ?, ?)", DB_TEXT(stamp), DB_TEXT(chain_genesis),
		    DB_TEXT(hash), DB_TEXT(stamp)));
	expect_at(f, "2026-03-20T10:00:00+05:00", stamp);
	DOK(journal_verify(f->s, &f->insp, 1, 0, &v, NULL, &f->e));

	/* A caller's TZ changes nothing: the session keeps the office's
	 * zone. */
	setenv("TZ", "Europe/Moscow", 1);
	expect_at(f, "2026-03-20T10:00:00+05:00", stamp);
	/* The same database read by a session in another zone. */
	if (f->t.engine == DB_POSTGRES) {
		DOK(db_script(f->s, "SET TIME ZONE 'Europe/Moscow'", &f->e));
		expect_at(f, "2026-03-20T08:00:00+03:00", NULL);
	}
	DOK(journal_verify(f->s, &f->insp, 1, 0, &v, NULL, &f->e));
	assert_int_equal(v.lines, 1);
	/* ... and a new line continues the chain there too. */
	DOK(add_line(f->s, &f->insp, "registration", 1, NULL, &f->e));
	DOK(journal_verify(f->s, &f->insp, 1, 0, &v, NULL, &f->e));
	assert_int_equal(v.lines, 2);
	setenv("TZ", "Asia/Almaty", 1);
}

static enum status
audit_tx(struct store *s, void *arg, struct err *e)
{
	return audit_log(s, arg, "test", "", "", e);
}

/* Office 1's window's session lock on its audit chain, as the server
 * lists it (a bigint key: its halves as classid and objid). */
static int
chain_locked(struct store *s, long long office)
{
	return db_int(s, -1, "SELECT count(*) FROM pg_locks WHERE locktype = "
		      "'advisory' AND granted AND classid = 1869311599 AND "
		      "objid = ?", DB_INT(office));
}

/* The audit log is a chain per office: a window of one office holding
 * its write transaction open holds up its own office's writers (they wait
 * for the chain's lock before their snapshot) but not another office's. */
static void
test_offices_apart(void **state)
{
	struct fx *f = *state;
	struct store *s2;

	DOK(db_open(f->t.name, 0, &s2, &f->e));
	DOK(db_transact(f->s, DB_WRITE, audit_tx, &f->insp, &f->e));
	DOK(db_transact(s2, DB_WRITE, audit_tx, &f->insp2, &f->e));
	assert_int_equal(chain_locked(s2, 1), 0);

	DOK(db_begin(f->s, DB_WRITE, &f->e));
	DOK(audit_log(f->s, &f->insp, "test", "", "", &f->e));
	assert_int_equal(chain_locked(s2, 1), 1);
	/* A wait would end at the lock timeout, and fail. */
	DOK(db_script(s2, "SET lock_timeout = '2s'", &f->e));
	DOK(db_transact(s2, DB_WRITE, audit_tx, &f->insp2, &f->e));
	DOK(db_commit(f->s, &f->e));
	assert_int_equal(chain_locked(s2, 1), 0);

	assert_int_equal(db_int(f->s, -1, "SELECT max(seq) FROM audit WHERE "
				"chain = 1"), 2);
	assert_int_equal(db_int(f->s, -1, "SELECT max(seq) FROM audit WHERE "
				"chain = 2"), 2);
	DOK(audit_verify(f->s, NULL, &f->e));
	db_close(s2);
}

#define PG(fn)                                                             \
	cmocka_unit_test_prestate_setup_teardown(fn, setup, teardown,      \
						 (void *)&pg_engine)

#define BOTH(fn)                                                           \
	cmocka_unit_test_prestate_setup_teardown(fn, setup, teardown,      \
						 (void *)&sqlite_engine),  \
	cmocka_unit_test_prestate_setup_teardown(fn, setup, teardown,      \
						 (void *)&pg_engine)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(test_append_verify),
		BOTH(test_list_by_day),
		BOTH(test_concurrent_appends),
		BOTH(test_tamper),
		BOTH(test_stamp_as_hashed),
		PG(test_offices_apart),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
